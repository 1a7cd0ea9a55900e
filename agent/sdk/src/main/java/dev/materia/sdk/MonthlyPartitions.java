package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Partitions an asset by calendar month in {@link #timezone()}. A key is the first day of the
 * month, {@code 2024-02-01}; its window runs to the first day of the next month, so it has 28, 29,
 * 30 or 31 days.
 *
 * <pre>{@code
 * @Asset
 * @MonthlyPartitions(start = "2024-01-01", end = "2025-01-01")
 * public static Invoice monthlyInvoice(AssetContext context) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MonthlyPartitions {
  /** The first day of the first month, {@code yyyy-MM-01}, e.g. {@code "2024-01-01"}. */
  String start();

  /**
   * The first day of the month after the last partition: exclusive, so {@code "2025-01-01"} makes
   * December 2024 the last month. Empty (the default) means up to the last month that has ended.
   */
  String end() default "";

  /** A timezone region ID such as {@code "Europe/Berlin"}; UTC by default. */
  String timezone() default "UTC";
}
