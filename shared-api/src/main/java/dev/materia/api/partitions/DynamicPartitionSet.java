package dev.materia.api.partitions;

import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Keys of a dynamic definition: whatever the store holds under its name, read on each call. */
final class DynamicPartitionSet implements PartitionSet {
  private final PartitionsDefinition.Dynamic definition;
  private final DynamicPartitionsStore store;

  DynamicPartitionSet(PartitionsDefinition.Dynamic definition, DynamicPartitionsStore store) {
    this.definition = Objects.requireNonNull(definition, "definition == null");
    this.store = Objects.requireNonNull(store, "store == null");
  }

  @Override
  public PartitionsDefinition.Dynamic definition() {
    return definition;
  }

  @Override
  public List<String> keys() {
    return store.keys(definition.name());
  }

  @Override
  public int size() {
    return keys().size();
  }

  @Override
  public boolean contains(String key) {
    return key != null && store.contains(definition.name(), key);
  }

  @Override
  public String check(String key) {
    if (!contains(key)) {
      throw unknown(key, keys());
    }
    return key;
  }

  @Override
  public List<String> range(String first, String last) {
    // One snapshot of the keys, so a concurrent add cannot shift positions mid-range.
    List<String> keys = keys();
    int from = keys.indexOf(first);
    if (from < 0) {
      throw unknown(first, keys);
    }
    int to = keys.indexOf(last);
    if (to < 0) {
      throw unknown(last, keys);
    }
    if (from > to) {
      throw InvalidPartitionKeyException.reversedRange(first, last);
    }
    return List.copyOf(keys.subList(from, to + 1));
  }

  @Override
  public Optional<TimeWindow> timeWindow(String key) {
    check(key);
    return Optional.empty();
  }

  @Override
  public String exampleKey() {
    List<String> keys = keys();
    return keys.isEmpty() ? "customer-42" : keys.getFirst();
  }

  private InvalidPartitionKeyException unknown(String key, List<String> keys) {
    String hint =
        keys.isEmpty()
            ? "it has no keys yet; add \"" + key + "\" to the dynamic partitions store first"
            : "add it to the dynamic partitions store first, or use an existing key such as "
                + keys.getFirst();
    return new InvalidPartitionKeyException(
        String.valueOf(key),
        "\"" + key + "\" is not a key of " + definition.describe() + ": " + hint);
  }
}
