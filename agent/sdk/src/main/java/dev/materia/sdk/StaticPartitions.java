package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Partitions an asset by a fixed list of keys, in the order given.
 *
 * <pre>{@code
 * @Asset
 * @StaticPartitions({"us", "eu", "apac"})
 * public static List<Order> regionalOrders(AssetContext context) {
 *   String region = context.partitionKey();
 *   ...
 * }
 * }</pre>
 *
 * <p>Keys must be unique and follow {@link PartitionsDefinition#requireValidKey(String)}: no {@code
 * |}, {@code ,} or {@code ...}, and no surrounding whitespace.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StaticPartitions {
  /** The keys, at least one. */
  String[] value();
}
