package dev.materia.api.snapshot;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Door checks and normal forms shared by the snapshot records. */
final class Checks {
  /** The runtime's asset key rule: segments of letters, digits, '_' and '-' joined by '/'. */
  static final Pattern ASSET_KEY = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

  private Checks() {}

  static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank: " + value);
    }
    return value;
  }

  static String assetKey(String key, String what) {
    if (key == null || !ASSET_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          what + " \"" + key + "\" is not an asset key like sales/raw_orders");
    }
    return key;
  }

  static <T> List<T> list(List<T> values, String name) {
    if (values == null) {
      return List.of();
    }
    for (T value : values) {
      if (value == null) {
        throw new IllegalArgumentException(name + " holds a null: " + values);
      }
    }
    return List.copyOf(values);
  }

  /** Sorted and without duplicates: the normal form of a list whose order carries no meaning. */
  static List<String> sortedSet(List<String> values, String name) {
    return List.copyOf(new TreeSet<>(list(values, name)));
  }

  /** Sorted by key, so equal content serializes and hashes the same. */
  static Map<String, String> sortedMap(Map<String, String> values, String name) {
    if (values == null) {
      return Map.of();
    }
    var sorted = new TreeMap<String, String>();
    values.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new IllegalArgumentException(name + " holds a null: " + values);
          }
          sorted.put(k, v);
        });
    return java.util.Collections.unmodifiableMap(sorted);
  }
}
