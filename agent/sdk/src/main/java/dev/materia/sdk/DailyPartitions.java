package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Partitions an asset by day: one partition per local calendar day in {@link #timezone()}. Keys are
 * dates, {@code 2024-01-01}.
 *
 * <pre>{@code
 * @Asset
 * @DailyPartitions(start = "2024-01-01", timezone = "Europe/Berlin")
 * public static List<Feature> dailyFeatures(AssetContext context) {
 *   LocalDate day = LocalDate.parse(context.partitionKey());
 *   ...
 * }
 * }</pre>
 *
 * <p>A day is midnight to midnight on the local wall clock, so in a zone with daylight saving time
 * one day a year lasts 23 hours and one lasts 25. A partition exists once its day has ended.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DailyPartitions {
  /** The first day, {@code yyyy-MM-dd}, e.g. {@code "2024-01-01"}. */
  String start();

  /**
   * The day after the last partition, {@code yyyy-MM-dd}: exclusive, so {@code "2025-01-01"} makes
   * 2024-12-31 the last partition. Empty (the default) means partitions run up to yesterday.
   */
  String end() default "";

  /** A timezone region ID such as {@code "Europe/Berlin"}; UTC by default. */
  String timezone() default "UTC";
}
