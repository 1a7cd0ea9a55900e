package dev.materia.runtime.partitions;

/**
 * The shared in-memory {@link dev.materia.api.partitions.DynamicPartitionsStore} under the name
 * runtime callers already use ({@code RunOptions}, the agent's run worker); it adds nothing.
 *
 * <pre>{@code
 * var store = new InMemoryDynamicPartitionsStore();
 * store.add("customers", "acme");
 * Materializer.materialize(definitions, "*", "acme", RunOptions.builder().dynamicPartitions(store).build());
 * }</pre>
 */
public final class InMemoryDynamicPartitionsStore
    extends dev.materia.api.partitions.InMemoryDynamicPartitionsStore {}
