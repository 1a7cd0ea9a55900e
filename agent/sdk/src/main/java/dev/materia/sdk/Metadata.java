package dev.materia.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Immutable copies of metadata maps, shared by the result types so they check keys alike. */
final class Metadata {
  private Metadata() {}

  static Map<String, Object> copy(Map<String, ?> metadata) {
    Objects.requireNonNull(metadata, "metadata == null");
    var copy = new LinkedHashMap<String, Object>();
    metadata.forEach((key, value) -> copy.put(checkKey(key), checkValue(key, value)));
    return Collections.unmodifiableMap(copy);
  }

  static Map<String, Object> with(Map<String, Object> metadata, String key, Object value) {
    var copy = new LinkedHashMap<>(metadata);
    copy.put(checkKey(key), checkValue(key, value));
    return Collections.unmodifiableMap(copy);
  }

  static String checkKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("metadata key is blank: " + key);
    }
    return key;
  }

  static Object checkValue(String key, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "metadata \"" + key + "\" has a null value: omit the key or use a placeholder");
    }
    return value;
  }
}
