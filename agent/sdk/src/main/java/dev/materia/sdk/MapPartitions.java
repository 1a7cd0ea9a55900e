package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which upstream partitions an input reads (see {@link PartitionMapping}).
 *
 * <p>On an input parameter it applies to that parameter's upstream asset. On the asset method, with
 * {@link #upstream()} naming the asset key, it applies to an upstream listed in {@code Asset.deps},
 * which has no parameter; it may repeat there.
 *
 * <pre>{@code
 * import static dev.materia.sdk.PartitionMapping.Kind.*;
 *
 * @Asset
 * @DailyPartitions(start = "2024-01-02")
 * public static Delta dailyDelta(
 *     @MapPartitions(value = TIME_WINDOW, offset = -1) DailySnapshot dailySnapshot) { ... }
 *
 * @Asset   // unpartitioned: reads every day, keyed by partition key
 * public static Summary allTime(
 *     @MapPartitions(ALL_PARTITIONS) Map<String, DailySnapshot> dailySnapshot) { ... }
 *
 * @Asset(deps = "raw_events")
 * @DailyPartitions(start = "2024-01-01")
 * @MapPartitions(value = TIME_WINDOW, offset = -1, upstream = "raw_events")
 * public static Stats stats() { ... }
 * }</pre>
 *
 * <p>{@link #offset()} and {@link #allowMissing()} belong to {@code TIME_WINDOW} and {@link
 * #dimension()} to {@code DIMENSION}; setting them with another kind fails at load time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.METHOD})
@Repeatable(MapPartitions.List.class)
public @interface MapPartitions {
  /** The kind of mapping. */
  PartitionMapping.Kind value();

  /** For {@code TIME_WINDOW}: downstream partitions to shift by; -1 reads the previous one. */
  int offset() default 0;

  /**
   * For {@code TIME_WINDOW}: read what exists when the shifted window falls outside the upstream's
   * partitions (e.g. the first day with offset -1), instead of failing the run.
   */
  boolean allowMissing() default false;

  /** For {@code DIMENSION}: the multi definition's dimension name, e.g. {@code "date"}. */
  String dimension() default "";

  /** On a method only: the upstream asset key this mapping is for, e.g. {@code "raw_events"}. */
  String upstream() default "";

  /** Holds repeated {@link MapPartitions} on one method. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.PARAMETER, ElementType.METHOD})
  @interface List {
    /** The repeated annotations. */
    MapPartitions[] value();
  }
}
