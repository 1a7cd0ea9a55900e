package dev.materia.runtime.execution;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns metadata values into what JSON holds (text, int, long, double, boolean, lists, maps), in
 * the Java types a JSON reader gives back, so an event equals itself after a round trip.
 */
final class JsonValues {
  private JsonValues() {}

  static Map<String, Object> normalize(Map<String, Object> metadata) {
    Map<String, Object> out = new LinkedHashMap<>(metadata.size() * 2);
    metadata.forEach((key, value) -> out.put(key, normalize(value)));
    return out;
  }

  static Object normalize(Object value) {
    return switch (value) {
      case null -> "null";
      case String text -> text;
      case Boolean flag -> flag;
      case Double number when number.isNaN() || number.isInfinite() -> number.toString();
      case Float number when number.isNaN() || number.isInfinite() -> number.toString();
      // Integral numbers take the type JSON readers give them back: int when it fits, else long.
      case Integer number -> number;
      case Long number -> number == number.intValue() ? (Object) number.intValue() : number;
      case Short number -> number.intValue();
      case Byte number -> number.intValue();
      case java.math.BigInteger number ->
          number.bitLength() < 32
              ? (Object) number.intValue()
              : number.bitLength() < 64 ? (Object) number.longValue() : number.toString();
      case Double number -> number;
      case Float number -> number.doubleValue();
      case java.math.BigDecimal number -> number.doubleValue();
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
        yield out;
      }
      case Collection<?> collection -> {
        List<Object> out = new ArrayList<>(collection.size());
        collection.forEach(v -> out.add(normalize(v)));
        yield out;
      }
      default -> {
        if (value.getClass().isArray()) {
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < Array.getLength(value); i++) {
            out.add(normalize(Array.get(value, i)));
          }
          yield out;
        }
        yield value.toString();
      }
    };
  }

  /** Rows in a collection, map or array; -1 for anything else. */
  static long rowCount(Object value) {
    if (value instanceof Collection<?> collection) {
      return collection.size();
    }
    if (value instanceof Map<?, ?> map) {
      return map.size();
    }
    if (value != null && value.getClass().isArray()) {
      return Array.getLength(value);
    }
    return -1;
  }
}
