package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the resource registered under a name into an asset or check parameter.
 *
 * <p>Without it, a parameter gets a resource when its name matches a resource name, or when exactly
 * one registered resource is an instance of the parameter's type.
 *
 * <pre>{@code
 * Definitions.builder().assets(Orders.class).resource("warehouse", new Warehouse("jdbc:...")).build();
 *
 * @Asset
 * public static List<Order> rawOrders(@Resource("warehouse") Warehouse db) { return db.orders(); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Resource {
  /** The name the resource was registered under with {@code Definitions.Builder.resource}. */
  String value();
}
