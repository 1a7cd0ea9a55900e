package dev.materia.api.partitions;

import dev.materia.sdk.PartitionsDefinition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DynamicPartitionsStore} in a map: for tests, the agent's runtime, and a control plane
 * before it persists keys.
 */
public final class InMemoryDynamicPartitionsStore implements DynamicPartitionsStore {
  private final Map<String, Set<String>> keysByName = new ConcurrentHashMap<>();

  @Override
  public List<String> keys(String name) {
    Set<String> keys = keysByName.get(Objects.requireNonNull(name, "name == null"));
    if (keys == null) {
      return List.of();
    }
    synchronized (keys) {
      return List.copyOf(keys);
    }
  }

  @Override
  public boolean contains(String name, String key) {
    Objects.requireNonNull(key, "key == null");
    Set<String> keys = keysByName.get(Objects.requireNonNull(name, "name == null"));
    if (keys == null) {
      return false;
    }
    synchronized (keys) {
      return keys.contains(key);
    }
  }

  @Override
  public boolean add(String name, String key) {
    Objects.requireNonNull(name, "name == null");
    PartitionsDefinition.requireValidKey(key);
    // A LinkedHashSet keeps insertion order, which ranges over dynamic keys follow.
    Set<String> keys = keysByName.computeIfAbsent(name, n -> new LinkedHashSet<>());
    synchronized (keys) {
      return keys.add(key);
    }
  }

  @Override
  public boolean remove(String name, String key) {
    Objects.requireNonNull(key, "key == null");
    Set<String> keys = keysByName.get(Objects.requireNonNull(name, "name == null"));
    if (keys == null) {
      return false;
    }
    synchronized (keys) {
      return keys.remove(key);
    }
  }
}
