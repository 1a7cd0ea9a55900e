package dev.materia.controlplane.assets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether an asset's (or a partition's) stored value is up to date with its definition and its
 * upstream data, by data versions (DESIGN.md: "Freshness is not staleness").
 *
 * <ul>
 *   <li>{@code MISSING}: never materialized;
 *   <li>{@code STALE}: an upstream's current data version differs from the one its latest
 *       materialization read, or its code version changed since; an upstream whose version that
 *       materialization did not record counts when it was materialized after it;
 *   <li>{@code UP_TO_DATE}: otherwise.
 * </ul>
 */
@Serdeable
public enum Staleness {
  UP_TO_DATE,
  STALE,
  MISSING;

  /**
   * What a materialization recorded.
   *
   * @param codeVersion the code version it ran, or null
   * @param inputDataVersions the data version of each input slot it read: {@code key}, or {@code
   *     key[partition]} for a partition of a partitioned upstream
   */
  public record Recorded(
      Instant materializedAt,
      @Nullable String codeVersion,
      Map<String, String> inputDataVersions) {}

  /** Staleness with its causes in words (empty unless {@code STALE}). */
  public record Assessment(Staleness staleness, List<String> causes) {
    static final Assessment MISSING_ONE = new Assessment(MISSING, List.of());
  }

  /**
   * @param recorded the latest materialization, or null when never materialized
   * @param codeVersion the code version the current snapshot declares, or null
   * @param upstream the keys of its direct upstream assets, in the snapshot's order
   * @param currentVersions the current data version of input slots ({@code key} or {@code
   *     key[partition]}); a slot absent here has no materialization now
   * @param newestUpstream the newest materialization of each upstream asset, for upstreams whose
   *     data version {@code recorded} lacks
   */
  public static Assessment of(
      @Nullable Recorded recorded,
      @Nullable String codeVersion,
      List<String> upstream,
      Map<String, String> currentVersions,
      Map<String, Instant> newestUpstream) {
    if (recorded == null) {
      return Assessment.MISSING_ONE;
    }
    List<String> causes = new ArrayList<>();
    if (codeVersion != null
        && recorded.codeVersion() != null
        && !codeVersion.equals(recorded.codeVersion())) {
      causes.add("code version " + codeVersion + " ≠ " + recorded.codeVersion());
    }
    Set<String> recordedUpstream = new HashSet<>();
    for (Map.Entry<String, String> input :
        new java.util.TreeMap<>(recorded.inputDataVersions()).entrySet()) {
      String slot = input.getKey();
      recordedUpstream.add(assetOf(slot));
      String current = currentVersions.get(slot);
      if (current != null && !current.equals(input.getValue())) {
        causes.add("upstream " + slot + " has a newer data version");
      }
    }
    for (String key : upstream) {
      Instant at = newestUpstream.get(key);
      if (!recordedUpstream.contains(key) && at != null && at.isAfter(recorded.materializedAt())) {
        causes.add("upstream " + key + " was materialized after it");
      }
    }
    return new Assessment(causes.isEmpty() ? UP_TO_DATE : STALE, List.copyOf(causes));
  }

  /** The asset key of an input slot: {@code key} or {@code key[partition]}. */
  public static String assetOf(String slot) {
    int bracket = slot.indexOf('[');
    return bracket > 0 && slot.endsWith("]") ? slot.substring(0, bracket) : slot;
  }

  /** The partition of an input slot, or {@code ''} for an unpartitioned one. */
  public static String partitionOf(String slot) {
    int bracket = slot.indexOf('[');
    return bracket > 0 && slot.endsWith("]") ? slot.substring(bracket + 1, slot.length() - 1) : "";
  }
}
