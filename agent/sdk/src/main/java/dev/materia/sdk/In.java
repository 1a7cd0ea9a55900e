package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the upstream asset a parameter receives, instead of inferring it from the parameter name.
 *
 * <p>Needed when the key has a prefix shared by several assets, or when the code is compiled
 * without {@code javac -parameters} (parameter names are then {@code arg0}, {@code arg1}…).
 *
 * <pre>{@code
 * @Asset
 * public static Summary salesSummary(@In("sales/cleaned_sales_data") List<Sale> sales) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface In {
  /** The upstream asset's full key, e.g. {@code sales/raw_orders}. */
  String value();
}
