package dev.materia.controlplane.testing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Reads JSON response bodies in tests. */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.createDefault();

  private Json() {}

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readValue(json, JsonNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  public static JsonNode parse(HttpResponse<String> response) {
    return parse(response.body());
  }

  /** The string at {@code path} (object keys) in {@code response}'s body; null when absent. */
  public static String string(HttpResponse<String> response, String... path) {
    JsonNode node = parse(response);
    for (String key : path) {
      node = node == null ? null : node.get(key);
    }
    return node == null || node.isNull() ? null : node.coerceStringValue();
  }

  /** JSON string literal of {@code value}, for building request bodies. */
  public static String quote(String value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
