package dev.materia.sdk;

import java.util.Objects;

/**
 * Which partitions of an upstream asset one partition of a downstream asset reads.
 *
 * <p>Users attach a mapping to an input with {@link MapPartitions} on the parameter (or on the
 * method, naming the upstream, for {@code deps} that are not parameters). Without one, the loader
 * picks a default when one makes sense, and otherwise fails naming both assets' partitions:
 *
 * <ul>
 *   <li>upstream unpartitioned, or downstream unpartitioned: {@link AllPartitions};
 *   <li>the same partitions on both sides: {@link Identity};
 *   <li>two time windows of any cadence or timezone: {@link TimeWindowOffset} with offset 0 (the
 *       upstream windows that overlap the downstream window);
 *   <li>multi on one side, and one of its dimensions matching the other side: {@link
 *       SingleDimension}.
 * </ul>
 *
 * <pre>{@code
 * @Asset
 * @DailyPartitions(start = "2024-01-02")
 * public static Delta dailyDelta(
 *     @MapPartitions(value = PartitionMapping.Kind.TIME_WINDOW, offset = -1)
 *         DailySnapshot dailySnapshot) { ... }   // day D reads the snapshot of day D-1
 * }</pre>
 */
public sealed interface PartitionMapping
    permits PartitionMapping.Identity,
        PartitionMapping.TimeWindowOffset,
        PartitionMapping.AllPartitions,
        PartitionMapping.SingleDimension {

  /** The kinds of mapping, as named in {@link MapPartitions#value()}. */
  enum Kind {
    /** Downstream key {@code k} reads upstream key {@code k}. */
    IDENTITY,
    /** Downstream window, shifted by an offset, reads the upstream windows that overlap it. */
    TIME_WINDOW,
    /** Every downstream partition (or the unpartitioned downstream) reads every upstream key. */
    ALL_PARTITIONS,
    /** One dimension of a multi definition maps to the other side's single definition. */
    DIMENSION
  }

  /** This mapping's kind. */
  Kind kind();

  /** A short description for messages, e.g. {@code time window with offset -1}. */
  String describe();

  /**
   * Downstream key {@code k} reads upstream key {@code k}. Both sides need keys of one shape: the
   * same cadence and timezone, static or dynamic keys, or multi with matching dimensions.
   */
  record Identity() implements PartitionMapping {
    @Override
    public Kind kind() {
      return Kind.IDENTITY;
    }

    @Override
    public String describe() {
      return "identity";
    }
  }

  /**
   * Between two time-window definitions: the downstream partition's window, shifted by {@code
   * offset} downstream partitions, reads every upstream partition whose window overlaps it. With
   * offset -1 daily day D reads day D-1; a daily asset over hourly upstream reads the day's 23, 24
   * or 25 hours.
   *
   * <p>At the boundary, the shifted window can fall before the upstream's first partition (day 1
   * with offset -1) or after its last. By default that is an error at planning time, naming the
   * missing key and the fix, because a silently missing input yields wrong data. With {@code
   * allowMissing} the missing keys are dropped and the partition reads what exists, possibly
   * nothing.
   *
   * @param offset how many downstream partitions to shift by; negative looks back
   * @param allowMissing whether to read what exists when some mapped upstream partitions don't
   */
  record TimeWindowOffset(int offset, boolean allowMissing) implements PartitionMapping {
    @Override
    public Kind kind() {
      return Kind.TIME_WINDOW;
    }

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

  /**
   * Reads every partition of the upstream asset: the usual mapping for an unpartitioned asset that
   * summarizes a partitioned one, also allowed for a partitioned downstream.
   */
  record AllPartitions() implements PartitionMapping {
    @Override
    public Kind kind() {
      return Kind.ALL_PARTITIONS;
    }

    @Override
    public String describe() {
      return "all partitions";
    }
  }

  /**
   * Between a multi definition and a single one: matches the single side's key against the multi
   * key's dimension {@code dimension}. A daily asset over a {@code date × region} upstream reads
   * {@code 2024-01-01|us} and {@code 2024-01-01|eu} for {@code 2024-01-01}; in the other direction
   * {@code 2024-01-01|us} reads {@code 2024-01-01}.
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
    public Kind kind() {
      return Kind.DIMENSION;
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

  /**
   * The upstream windows overlapping the downstream window shifted by {@code offset} partitions.
   */
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
