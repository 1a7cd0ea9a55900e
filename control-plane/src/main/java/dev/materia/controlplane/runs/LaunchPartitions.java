package dev.materia.controlplane.runs;

import dev.materia.api.partitions.DynamicPartitionsStore;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.assets.PartitionTotals;
import dev.materia.sdk.PartitionsDefinition;
import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Checks a launch's partition key or range against the partitions definitions of the selected
 * assets, with the rules the agent's planner applies, so a run it would fail is refused at the
 * door: 400 on {@code partitionKey} (missing while a partitioned asset is selected, or not one of
 * its keys), {@code partitionRange.first}, {@code partitionRange.last} or {@code partitionRange}
 * (reversed, or not the same keys in every partitioned asset), with a valid key in the message.
 * Unpartitioned assets of a selection that holds partitioned ones run once, whatever the key. Pure:
 * the clock decides which time windows have ended.
 *
 * <p>Dynamic partitions keep their keys in the agent's store, which the control plane does not have
 * yet, so any well-formed dynamic key passes here.
 *
 * <pre>{@code
 * new LaunchPartitions(Clock.systemUTC()).check(resolved.assetKeys(), resolved.partitions(), "2024-01-01", null, null);
 * }</pre>
 */
final class LaunchPartitions {
  private final PartitionKeys partitionKeys;

  LaunchPartitions(Clock clock) {
    this.partitionKeys = new PartitionKeys(clock, new WellFormedDynamicKeys());
  }

  /**
   * Refuses a missing key when a partitioned asset is selected, a key or range that some selected
   * partitioned asset does not have, a range whose keys differ between partitioned assets, and a
   * key or range for a selection without partitioned assets.
   *
   * @param selected the selected asset keys
   * @param partitioned the partitions definition of each selected partitioned asset
   */
  void check(
      List<String> selected,
      Map<String, PartitionsDefinition> partitioned,
      @Nullable String partitionKey,
      @Nullable String first,
      @Nullable String last) {
    if (partitionKey == null && first == null) {
      if (!partitioned.isEmpty()) {
        throw missingKey(partitioned);
      }
      return;
    }
    String field = partitionKey != null ? "partitionKey" : "partitionRange";
    if (partitioned.isEmpty()) {
      throw ApiException.invalid(
          field,
          "the selected assets "
              + sample(selected)
              + " are not partitioned, so a run of them takes no "
              + field
              + ": launch without it, or select partitioned assets");
    }
    Map.Entry<String, PartitionsDefinition> keysFrom = null;
    List<String> rangeKeys = null;
    for (Map.Entry<String, PartitionsDefinition> asset : partitioned.entrySet()) {
      if (partitionKey != null) {
        check(asset, partitionKey, "partitionKey");
        continue;
      }
      check(asset, first, "partitionRange.first");
      check(asset, last, "partitionRange.last");
      if (PartitionTotals.hasDynamicKeys(asset.getValue())) {
        continue;
      }
      List<String> keys;
      try {
        keys = partitionKeys.of(asset.getValue()).range(first, last);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(
            "partitionRange", "asset " + asset.getKey() + ": " + e.getMessage());
      }
      if (keysFrom == null) {
        keysFrom = asset;
        rangeKeys = keys;
      } else if (!asset.getValue().equals(keysFrom.getValue()) && !keys.equals(rangeKeys)) {
        throw ApiException.invalid(
            "partitionRange",
            "the range "
                + first
                + "..."
                + last
                + " holds "
                + keys.size()
                + " partitions of asset "
                + asset.getKey()
                + " ("
                + asset.getValue().describe()
                + ") but "
                + rangeKeys.size()
                + " of asset "
                + keysFrom.getKey()
                + " ("
                + keysFrom.getValue().describe()
                + "), and one run covers the same keys in every partitioned asset: launch"
                + " them in separate runs");
      }
    }
  }

  /** A partitioned asset launched without a key: name it, its partitions and a key to give. */
  private ApiException missingKey(Map<String, PartitionsDefinition> partitioned) {
    Map.Entry<String, PartitionsDefinition> asset = partitioned.entrySet().iterator().next();
    String others =
        partitioned.size() == 1
            ? ", or leave it out of the selection"
            : "; "
                + (partitioned.size() - 1)
                + " more selected assets are partitioned "
                + sample(List.copyOf(partitioned.keySet()).subList(1, partitioned.size()));
    return ApiException.invalid(
        "partitionKey",
        "asset "
            + asset.getKey()
            + " has "
            + asset.getValue().describe()
            + ": give partitionKey (e.g. "
            + suggestedKey(asset.getValue())
            + ") or partitionRange"
            + others);
  }

  private String suggestedKey(PartitionsDefinition definition) {
    try {
      return partitionKeys.of(definition).suggestedKey();
    } catch (RuntimeException e) {
      return "...";
    }
  }

  private void check(Map.Entry<String, PartitionsDefinition> asset, String key, String field) {
    try {
      partitionKeys.check(asset.getValue(), key);
    } catch (IllegalArgumentException e) {
      // Some refusals already name the definition ("… of daily partitions from …"): say it once.
      String definition = asset.getValue().describe();
      throw ApiException.invalid(
          field,
          "asset "
              + asset.getKey()
              + (e.getMessage().contains(definition) ? ":" : " has " + definition + ", and")
              + " partition key "
              + e.getMessage());
    }
  }

  private static String sample(List<String> keys) {
    return keys.size() <= 5 ? keys.toString() : keys.subList(0, 5) + " and " + (keys.size() - 5);
  }

  /** Stands in for the agent's store: every well-formed key may exist there. */
  private static final class WellFormedDynamicKeys implements DynamicPartitionsStore {
    @Override
    public List<String> keys(String name) {
      return List.of();
    }

    @Override
    public boolean contains(String name, String key) {
      try {
        PartitionsDefinition.requireValidKey(key);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    @Override
    public boolean add(String name, String key) {
      throw new UnsupportedOperationException("the control plane keeps no dynamic keys yet");
    }

    @Override
    public boolean remove(String name, String key) {
      throw new UnsupportedOperationException("the control plane keeps no dynamic keys yet");
    }
  }
}
