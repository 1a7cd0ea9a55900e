package dev.materia.controlplane.assets;

import dev.materia.sdk.PartitionsDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The assets a selection names in a deployment's latest snapshots.
 *
 * @param assetKeys the selected keys, each after its upstream assets
 * @param codeLocations the code locations defining them
 * @param partitions the partitions definition of each selected partitioned asset, in the order of
 *     {@code assetKeys}; unpartitioned assets are absent
 */
public record ResolvedSelection(
    List<String> assetKeys,
    Set<String> codeLocations,
    Map<String, PartitionsDefinition> partitions) {}
