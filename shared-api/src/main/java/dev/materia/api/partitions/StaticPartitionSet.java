package dev.materia.api.partitions;

import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Keys of a static definition, in declared order. */
final class StaticPartitionSet implements PartitionSet {
  private final PartitionsDefinition.Static definition;
  private final Map<String, Integer> positions;

  StaticPartitionSet(PartitionsDefinition.Static definition) {
    this.definition = Objects.requireNonNull(definition, "definition == null");
    this.positions = new HashMap<>();
    List<String> keys = definition.keys();
    for (int i = 0; i < keys.size(); i++) {
      positions.put(keys.get(i), i);
    }
  }

  @Override
  public PartitionsDefinition.Static definition() {
    return definition;
  }

  @Override
  public List<String> keys() {
    return definition.keys();
  }

  @Override
  public int size() {
    return definition.keys().size();
  }

  @Override
  public boolean contains(String key) {
    return key != null && positions.containsKey(key);
  }

  @Override
  public String check(String key) {
    position(key);
    return key;
  }

  @Override
  public List<String> range(String first, String last) {
    int from = position(first);
    int to = position(last);
    if (from > to) {
      throw InvalidPartitionKeyException.reversedRange(first, last);
    }
    return definition.keys().subList(from, to + 1);
  }

  @Override
  public Optional<TimeWindow> timeWindow(String key) {
    check(key);
    return Optional.empty();
  }

  @Override
  public String exampleKey() {
    return definition.keys().getFirst();
  }

  private int position(String key) {
    Integer position = key == null ? null : positions.get(key);
    if (position == null) {
      throw new InvalidPartitionKeyException(
          String.valueOf(key),
          "\""
              + key
              + "\" is not a key of "
              + definition.describe()
              + ": use one of them, e.g. "
              + exampleKey());
    }
    return position;
  }
}
