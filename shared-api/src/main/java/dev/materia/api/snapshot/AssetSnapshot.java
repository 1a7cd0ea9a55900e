package dev.materia.api.snapshot;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * One asset of a {@link CodeLocationSnapshot}: what the catalog shows and the graph is drawn from.
 *
 * <p>Lists whose order carries no meaning ({@code deps}, {@code owners}, {@code kinds}) are kept
 * sorted without duplicates and {@code tags} sorted by key, so equal definitions give equal
 * snapshots.
 *
 * <p>Example: {@code new AssetSnapshot("cleaned_orders", List.of("raw_orders"), "sales", "Orders
 * without test rows", List.of("team:data"), Map.of("tier", "gold"), List.of("duckdb"), "v2", null,
 * null)}.
 *
 * @param key the asset key, e.g. {@code sales/raw_orders}
 * @param deps keys of every upstream asset, loaded as input or not
 * @param group the asset's group; {@code default} when none was declared
 * @param description free text; empty when none
 * @param codeVersion {@code @Asset(codeVersion)}, or null
 * @param partitions the partitions definition, or null when unpartitioned
 * @param ioManager the resource name of its I/O manager, or null for the default
 * @param externalDeps the keys of {@code deps} that another code location of the deployment defines
 *     ({@code @In("other/key")} or {@code @Asset(deps = "other/key")} naming a key this location
 *     does not declare); empty when every dependency is local. Absent in JSON from agents older
 *     than cross-location dependencies, which read as empty. Not part of the content hash: it
 *     follows from {@code deps} and the snapshot's own keys.
 */
@Serdeable
public record AssetSnapshot(
    String key,
    List<String> deps,
    String group,
    String description,
    List<String> owners,
    Map<String, String> tags,
    List<String> kinds,
    @Nullable String codeVersion,
    @Nullable PartitionsSnapshot partitions,
    @Nullable String ioManager,
    @Nullable List<String> externalDeps) {
  @Creator
  @JsonCreator
  public AssetSnapshot {
    Checks.assetKey(key, "asset key");
    deps = Checks.sortedSet(deps, "deps of " + key);
    for (String dep : deps) {
      Checks.assetKey(dep, "dependency of " + key);
      if (dep.equals(key)) {
        throw new IllegalArgumentException("asset " + key + " depends on itself");
      }
    }
    group = group == null || group.isBlank() ? "default" : group;
    description = description == null ? "" : description;
    owners = Checks.sortedSet(owners, "owners of " + key);
    tags = Checks.sortedMap(tags, "tags of " + key);
    kinds = Checks.sortedSet(kinds, "kinds of " + key);
    codeVersion = codeVersion == null || codeVersion.isBlank() ? null : codeVersion;
    ioManager = ioManager == null || ioManager.isBlank() ? null : ioManager;
    externalDeps = Checks.sortedSet(externalDeps, "externalDeps of " + key);
    for (String external : externalDeps) {
      if (!deps.contains(external)) {
        throw new IllegalArgumentException(
            "asset "
                + key
                + " marks "
                + external
                + " as an external dependency, but it is not among its deps "
                + deps);
      }
    }
  }

  /** An asset whose dependencies are all of its own code location. */
  public AssetSnapshot(
      String key,
      List<String> deps,
      String group,
      String description,
      List<String> owners,
      Map<String, String> tags,
      List<String> kinds,
      @Nullable String codeVersion,
      @Nullable PartitionsSnapshot partitions,
      @Nullable String ioManager) {
    this(
        key,
        deps,
        group,
        description,
        owners,
        tags,
        kinds,
        codeVersion,
        partitions,
        ioManager,
        List.of());
  }

  /** The dependencies of its own code location: {@code deps} without {@code externalDeps}. */
  public List<String> localDeps() {
    if (externalDeps.isEmpty()) {
      return deps;
    }
    return deps.stream().filter(d -> !externalDeps.contains(d)).toList();
  }
}
