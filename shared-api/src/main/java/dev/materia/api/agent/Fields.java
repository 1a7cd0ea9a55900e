package dev.materia.api.agent;

import java.util.List;
import java.util.Map;

/** Door checks shared by the protocol records, so every record rejects bad input the same way. */
final class Fields {
  private Fields() {}

  static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank: " + value);
    }
    return value;
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

  static Map<String, String> map(Map<String, String> values) {
    return values == null ? Map.of() : Map.copyOf(values);
  }

  static long positive(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
    }
    return value;
  }
}
