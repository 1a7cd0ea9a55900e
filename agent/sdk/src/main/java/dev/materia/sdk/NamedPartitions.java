package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Partitions an asset by a definition registered in {@code Definitions} under a name: how assets
 * use dynamic and multi partitions, which an annotation attribute cannot hold.
 *
 * <pre>{@code
 * Definitions.builder()
 *     .assets(CustomerAssets.class)
 *     .partitions(PartitionsDefinition.dynamic("customers"))
 *     .build();
 *
 * @Asset
 * @NamedPartitions("customers")
 * public static Profile customerProfile(AssetContext context) {
 *   String customerId = context.partitionKey();
 *   ...
 * }
 * }</pre>
 *
 * <p>The name is that of a {@link PartitionsDefinition.Dynamic} or {@link
 * PartitionsDefinition.Multi}. Loading fails, naming the method, when no definition has that name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NamedPartitions {
  /** The registered definition's name. */
  String value();
}
