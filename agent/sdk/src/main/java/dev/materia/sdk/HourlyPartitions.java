package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Partitions an asset by hour of the local wall clock in {@link #timezone()}. Keys are {@code
 * yyyy-MM-dd-HH:mm}, e.g. {@code 2024-01-01-13:00}.
 *
 * <pre>{@code
 * @Asset
 * @HourlyPartitions(start = "2024-01-01-00:00", timezone = "Europe/Berlin")
 * public static List<Click> hourlyClicks(AssetContext context) {
 *   TimeWindow hour = context.partitionTimeWindow();
 *   ...
 * }
 * }</pre>
 *
 * <p>Daylight saving time: there is one key per wall-clock hour that exists, and the windows cover
 * the timeline with no gap and no overlap. When clocks spring forward the skipped hour has no key
 * ({@code 2024-03-31-02:00} does not exist in Europe/Berlin, and {@code 01:00} is followed by
 * {@code 03:00}). When clocks fall back the repeated hour is one key whose window lasts two hours
 * ({@code 2024-10-27-02:00} runs from 02:00+02:00 to 03:00+01:00). Keys therefore never repeat, and
 * every key names an hour a person in that zone could read off a clock.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HourlyPartitions {
  /**
   * The first hour, {@code yyyy-MM-dd-HH:mm} on the top of an hour, e.g. {@code
   * "2024-01-01-00:00"}; a plain date {@code "2024-01-01"} means its midnight.
   */
  String start();

  /**
   * The hour after the last partition, in the same format: exclusive. Empty (the default) means
   * partitions run up to the last hour that has ended.
   */
  String end() default "";

  /** A timezone region ID such as {@code "Europe/Berlin"}; UTC by default. */
  String timezone() default "UTC";
}
