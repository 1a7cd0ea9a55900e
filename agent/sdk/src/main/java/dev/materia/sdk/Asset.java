package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a software-defined asset: the method computes the asset's value from its upstream
 * assets.
 *
 * <p>Parameters are resolved at load time, in this order:
 *
 * <ol>
 *   <li>a parameter of type {@link AssetContext} gets the context;
 *   <li>{@link In @In("sales/raw_orders")} names an upstream asset explicitly;
 *   <li>{@link Resource @Resource("warehouse")} names a resource registered in {@link Definitions};
 *   <li>otherwise the parameter's name, in snake_case, names an upstream asset ({@code rawOrders}
 *       matches {@code raw_orders}, or {@code sales/raw_orders} when that is the only asset whose
 *       last segment matches), or else a resource of that name;
 *   <li>otherwise a resource whose class is assignable to the parameter's type.
 * </ol>
 *
 * <p>Anything else fails at load time with a message naming the method and the fix. The method may
 * be static, or an instance method of a class with a public no-arg constructor. It returns the
 * value (stored through the asset's {@link IoManager}), or a {@link MaterializeResult} to attach
 * metadata.
 *
 * <pre>{@code
 * public final class OrderAssets {
 *   @Asset(key = "sales/raw_orders", group = "sales", owners = "team-data@acme.com",
 *          tags = {"tier=gold"}, kinds = {"java"}, codeVersion = "1")
 *   public static List<Order> rawOrders() { return OrderSource.read(); }
 *
 *   @Asset(group = "sales", description = "Orders with revenue = quantity x unit price")
 *   @Retry(maxRetries = 2, delayMillis = 500)
 *   public static List<Order> cleanedOrders(List<Order> rawOrders, AssetContext context) {
 *     context.log().info("cleaning " + rawOrders.size() + " orders");
 *     return rawOrders.stream().filter(o -> o.quantity() > 0).toList();
 *   }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Asset {
  /**
   * The asset key: segments of letters, digits, {@code _} and {@code -}, separated by {@code /}
   * (e.g. {@code sales/raw_orders}). Empty means the snake_case of the method name.
   */
  String key() default "";

  /** The group the asset belongs to, for browsing and {@code group:} selections. */
  String group() default "default";

  /** A human description; shown in the catalog. */
  String description() default "";

  /** Owners: e-mail addresses or {@code team:name}. */
  String[] owners() default {};

  /** Tags as {@code key=value} strings, e.g. {@code {"tier=gold", "pii=false"}}. */
  String[] tags() default {};

  /** Kinds of compute or storage involved, e.g. {@code {"java", "duckdb"}}. */
  String[] kinds() default {};

  /** Version of the code that computes the asset; change it when the logic changes. */
  String codeVersion() default "";

  /** Upstream asset keys this asset depends on without loading them as inputs. */
  String[] deps() default {};

  /**
   * Name of a resource that is an {@link IoManager} storing this asset's value. Empty means the
   * resource named {@code io_manager} if there is one, else the runtime's default.
   */
  String ioManager() default "";
}
