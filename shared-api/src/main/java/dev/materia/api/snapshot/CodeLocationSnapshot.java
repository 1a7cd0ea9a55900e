package dev.materia.api.snapshot;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The definitions of one code location as the agent uploads them: assets, checks and schedules, in
 * a normal form, with a content hash.
 *
 * <p>The constructor sorts assets by key, checks by asset and name and schedules by name, checks
 * that every dependency (except those an asset marks in {@code externalDeps}, which another code
 * location of the deployment defines) and check names an asset of this snapshot, and computes
 * {@link #contentHash()} over that normal form. Equal definitions therefore give an equal hash
 * whatever order they were declared in, so the control plane treats an identical upload as a no-op.
 * The hash covers assets, checks and schedules, not {@code name} or {@code version}: a new version
 * with unchanged definitions keeps its hash. A snapshot read from JSON with a {@code contentHash}
 * that does not match its content is rejected.
 *
 * <pre>{@code
 * CodeLocationSnapshot snapshot =
 *     CodeLocationSnapshot.of("sales", "v3", assets, checks, schedules);
 * snapshot.contentHash();   // "sha256:4be1…"
 * }</pre>
 *
 * @param name the code location's name
 * @param version the code location version it was built from, or null for a local load
 * @param assets every asset, sorted by key
 * @param checks every check, sorted by asset key then name
 * @param schedules every schedule, sorted by name
 * @param contentHash {@code sha256:} and 64 hex digits; computed when null
 */
@Serdeable
public record CodeLocationSnapshot(
    String name,
    @Nullable String version,
    List<AssetSnapshot> assets,
    List<CheckSnapshot> checks,
    List<ScheduleSnapshot> schedules,
    String contentHash) {

  public CodeLocationSnapshot {
    Checks.required(name, "code location name");
    version = version == null || version.isBlank() ? null : version;
    assets = sorted(assets, "assets", Comparator.comparing(AssetSnapshot::key));
    checks =
        sorted(
            checks,
            "checks",
            Comparator.comparing(CheckSnapshot::assetKey).thenComparing(CheckSnapshot::name));
    schedules = sorted(schedules, "schedules", Comparator.comparing(ScheduleSnapshot::name));
    requireConsistent(name, assets, checks, schedules);
    String computed = SnapshotDigest.of(assets, checks, schedules);
    if (contentHash != null && !contentHash.equals(computed)) {
      throw new IllegalArgumentException(
          "contentHash "
              + contentHash
              + " of code location "
              + name
              + " does not match its content, which hashes to "
              + computed);
    }
    contentHash = computed;
  }

  /** A snapshot with its content hash computed. */
  public static CodeLocationSnapshot of(
      String name,
      String version,
      List<AssetSnapshot> assets,
      List<CheckSnapshot> checks,
      List<ScheduleSnapshot> schedules) {
    return new CodeLocationSnapshot(name, version, assets, checks, schedules, null);
  }

  /** Number of dependency edges between assets. */
  public int edgeCount() {
    return assets.stream().mapToInt(a -> a.deps().size()).sum();
  }

  private static <T> List<T> sorted(List<T> values, String what, Comparator<T> order) {
    List<T> copy = new ArrayList<>(Checks.list(values, what));
    copy.sort(order);
    return List.copyOf(copy);
  }

  private static void requireConsistent(
      String name,
      List<AssetSnapshot> assets,
      List<CheckSnapshot> checks,
      List<ScheduleSnapshot> schedules) {
    Set<String> keys = new HashSet<>(assets.size() * 2);
    for (int i = 0; i < assets.size(); i++) {
      String key = assets.get(i).key();
      // Sorted, so a duplicate sits next to its twin.
      if (i > 0 && assets.get(i - 1).key().equals(key)) {
        throw new IllegalArgumentException(
            "code location " + name + " declares asset " + key + " twice");
      }
      keys.add(key);
    }
    for (AssetSnapshot asset : assets) {
      for (String dep : asset.deps()) {
        boolean external = asset.externalDeps().contains(dep);
        if (!external && !keys.contains(dep)) {
          throw new IllegalArgumentException(
              "asset " + asset.key() + " of code location " + name + " depends on unknown " + dep);
        }
        if (external && keys.contains(dep)) {
          throw new IllegalArgumentException(
              "asset "
                  + asset.key()
                  + " of code location "
                  + name
                  + " marks "
                  + dep
                  + " as external, but this code location defines it");
        }
      }
    }
    for (int i = 0; i < checks.size(); i++) {
      CheckSnapshot check = checks.get(i);
      if (!keys.contains(check.assetKey())) {
        throw new IllegalArgumentException(
            "check " + check.stepKey() + " of code location " + name + " names an unknown asset");
      }
      if (i > 0 && checks.get(i - 1).stepKey().equals(check.stepKey())) {
        throw new IllegalArgumentException(
            "code location " + name + " declares check " + check.stepKey() + " twice");
      }
    }
    for (int i = 1; i < schedules.size(); i++) {
      if (schedules.get(i - 1).name().equals(schedules.get(i).name())) {
        throw new IllegalArgumentException(
            "code location " + name + " declares schedule " + schedules.get(i).name() + " twice");
      }
    }
  }
}
