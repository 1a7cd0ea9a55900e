package dev.materia.runtime.graph;

import dev.materia.sdk.AssetContext;

/**
 * What a {@link StepFunction} can read: the context, upstream values and resources. The engine
 * implements it; values load lazily so an unused dependency costs nothing.
 *
 * <p>Example: {@code List<Order> orders = (List<Order>) inputs.input("raw_orders");}
 */
public interface StepInputs {
  /** The step's context (asset key, partition, log, metadata, resources). */
  AssetContext context();

  /**
   * The value of the first loaded {@link Dependency} on {@code upstreamKey}, converted to that
   * dependency's type; for a dependency that reads several partitions, a {@code Map} by partition
   * key.
   */
  Object input(String upstreamKey) throws Exception;

  /**
   * The value of the loaded dependency at position {@code dependency} of the node's dependency
   * list; needed when two parameters read one upstream asset through different mappings.
   */
  Object input(int dependency) throws Exception;

  /** The resource registered under {@code name}. */
  Object resource(String name);
}
