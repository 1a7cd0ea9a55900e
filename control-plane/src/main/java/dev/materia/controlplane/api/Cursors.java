package dev.materia.controlplane.api;

import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Opaque page cursors for the REST API's lists, and cutting a page that was fetched one row long
 * (limit {@code size + 1}) to learn whether another page follows.
 */
public final class Cursors {
  private Cursors() {}

  /** The rows of one page and the cursor for the next one, null on the last page. */
  public record Page<T>(List<T> items, @Nullable String nextCursor) {}

  /**
   * The first {@code size} of {@code rows}, and a cursor after the last of them when more follow.
   */
  public static <T> Page<T> page(List<T> rows, int size, Function<T, String> cursorOf) {
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<T> items = List.copyOf(rows.subList(0, size));
    return new Page<>(items, encode(cursorOf.apply(items.get(size - 1))));
  }

  /** An opaque cursor for the page after {@code value}. */
  public static String encode(String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The value a cursor of {@link #encode} holds; null for none; 400 for one this API never gave.
   */
  public static @Nullable String decode(@Nullable String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String value = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (value.isEmpty() || value.length() > 2000 || value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(value);
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  /** The 400 for a cursor that decodes but does not hold what its list expects. */
  public static ApiException invalid() {
    return ApiException.invalid(
        "cursor", "cursor is not one this API gave out; pass nextCursor of the previous page");
  }
}
