package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Partitions an asset by ISO-8601 week: Monday 00:00 to the next Monday 00:00 on the local wall
 * clock in {@link #timezone()}. A key is the date of the week's Monday, {@code 2024-01-01}.
 *
 * <pre>{@code
 * @Asset
 * @WeeklyPartitions(start = "2024-01-01")
 * public static Report weeklyReport(AssetContext context) { ... }
 * }</pre>
 *
 * <p>Weeks always start on Monday, as in ISO-8601, whatever the locale; {@code start} and {@code
 * end} must be Mondays, and a message suggests the nearest ones otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WeeklyPartitions {
  /** The Monday the first week starts, {@code yyyy-MM-dd}, e.g. {@code "2024-01-01"}. */
  String start();

  /**
   * The Monday after the last week, {@code yyyy-MM-dd}: exclusive. Empty (the default) means
   * partitions run up to the last week that has ended.
   */
  String end() default "";

  /** A timezone region ID such as {@code "Europe/Berlin"}; UTC by default. */
  String timezone() default "UTC";
}
