package dev.materia.controlplane.assets;

import java.util.List;
import java.util.Set;

/**
 * The assets a selection names in a deployment's latest snapshots.
 *
 * @param assetKeys the selected keys, each after its upstream assets
 * @param codeLocations the code locations defining them
 */
public record ResolvedSelection(List<String> assetKeys, Set<String> codeLocations) {}
