package dev.materia.api.partitions;

import dev.materia.sdk.PartitionsDefinition;
import java.util.Collection;
import java.util.List;

/**
 * Where the keys of dynamic partitions live, by definition name. Keys keep the order they were
 * added in, which is also the order ranges follow.
 *
 * <pre>{@code
 * DynamicPartitionsStore store = new InMemoryDynamicPartitionsStore();
 * store.add("customers", "acme");
 * PartitionSet customers = new PartitionKeys(Clock.systemUTC(), store)
 *     .of(PartitionsDefinition.dynamic("customers"));
 * }</pre>
 *
 * <p>The agent keeps an in-memory store; the control plane will persist one per deployment.
 */
public interface DynamicPartitionsStore {
  /** The keys of the definition named {@code name} in the order added; empty when none. */
  List<String> keys(String name);

  /** Whether {@code key} was added under {@code name}. */
  boolean contains(String name, String key);

  /**
   * Adds {@code key} under {@code name}.
   *
   * @return false when the key was already there
   * @throws IllegalArgumentException when the key breaks {@link
   *     PartitionsDefinition#requireValidKey(String)}
   */
  boolean add(String name, String key);

  /**
   * Adds each key in order, skipping those already there.
   *
   * @return how many were new
   */
  default int addAll(String name, Collection<String> keys) {
    int added = 0;
    for (String key : keys) {
      if (add(name, key)) {
        added++;
      }
    }
    return added;
  }

  /**
   * Removes {@code key} from {@code name}.
   *
   * @return false when it was not there
   */
  boolean remove(String name, String key);
}
