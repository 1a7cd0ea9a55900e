package dev.materia.api.partitions;

import java.util.Objects;

/**
 * Which partitions of an upstream asset one partition of a downstream asset reads; the shared model
 * of the SDK's {@code dev.materia.sdk.PartitionMapping}, with the same kinds and descriptions.
 * {@link PartitionMappings} says what each means between two definitions.
 *
 * <pre>{@code
 * PartitionMapping previousDay = PartitionMapping.timeWindow(-1);
 * partitionKeys.upstreamKeys(previousDay, daily, daily, "2024-01-02");   // [2024-01-01]
 * }</pre>
 */
public sealed interface PartitionMapping
    permits PartitionMapping.Identity,
        PartitionMapping.TimeWindowOffset,
        PartitionMapping.AllPartitions,
        PartitionMapping.SingleDimension {

  /** A short description for messages, e.g. {@code time window with offset -1}. */
  String describe();

  /** Downstream key {@code k} reads upstream key {@code k}. */
  record Identity() implements PartitionMapping {
    @Override
    public String describe() {
      return "identity";
    }
  }

  /**
   * The downstream window, shifted by {@code offset} downstream partitions, reads every upstream
   * partition whose window overlaps it.
   *
   * @param offset how many downstream partitions to shift by; negative looks back
   * @param allowMissing whether to read what exists when some mapped upstream partitions don't
   */
  record TimeWindowOffset(int offset, boolean allowMissing) implements PartitionMapping {
    /** The same mapping that reads what exists instead of failing on missing upstream keys. */
    public TimeWindowOffset allowingMissing() {
      return new TimeWindowOffset(offset, true);
    }

    @Override
    public String describe() {
      return "time window with offset "
          + offset
          + (allowMissing ? " (missing upstream partitions allowed)" : "");
    }
  }

  /** Every downstream partition (or the unpartitioned downstream) reads every upstream key. */
  record AllPartitions() implements PartitionMapping {
    @Override
    public String describe() {
      return "all partitions";
    }
  }

  /**
   * Between a multi definition and a single one: matches the single side's key against the multi
   * key's dimension {@code dimension}.
   *
   * @param dimension the multi definition's dimension name
   */
  record SingleDimension(String dimension) implements PartitionMapping {
    public SingleDimension {
      Objects.requireNonNull(dimension, "dimension == null");
      if (dimension.isBlank()) {
        throw new IllegalArgumentException(
            "dimension mapping needs the dimension's name, e.g. \"date\"");
      }
    }

    @Override
    public String describe() {
      return "dimension \"" + dimension + "\"";
    }
  }

  /** Downstream key {@code k} reads upstream key {@code k}. */
  static Identity identity() {
    return new Identity();
  }

  /** The upstream windows overlapping the downstream window shifted by {@code offset}. */
  static TimeWindowOffset timeWindow(int offset) {
    return new TimeWindowOffset(offset, false);
  }

  /** Every upstream partition. */
  static AllPartitions allPartitions() {
    return new AllPartitions();
  }

  /** Match on the multi definition's dimension named {@code dimension}. */
  static SingleDimension dimension(String dimension) {
    return new SingleDimension(dimension);
  }
}
