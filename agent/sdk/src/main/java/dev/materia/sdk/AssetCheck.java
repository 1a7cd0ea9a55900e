package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a data-quality check on an asset. The method returns a {@link CheckResult}; its
 * parameter named after the asset (or annotated {@code @In}) receives the asset's value, and other
 * parameters resolve as for {@link Asset}.
 *
 * <p>A check runs right after its asset in the same run. When a {@code blocking} check fails (or
 * throws), the steps downstream of its asset are skipped and the run fails.
 *
 * <pre>{@code
 * @AssetCheck(asset = "customer_features", blocking = true)
 * public static CheckResult noNullScores(List<CustomerFeature> customerFeatures) {
 *   long nulls = customerFeatures.stream().filter(f -> f.score() == null).count();
 *   return CheckResult.of(nulls == 0).withMetadata("null_count", nulls);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AssetCheck {
  /** The key of the asset this check tests, e.g. {@code customer_features}. */
  String asset();

  /** The check's name, unique per asset. Empty means the snake_case of the method name. */
  String name() default "";

  /** Whether a failure stops the steps downstream of the asset. */
  boolean blocking() default false;

  /** A human description; shown next to the check's results. */
  String description() default "";
}
