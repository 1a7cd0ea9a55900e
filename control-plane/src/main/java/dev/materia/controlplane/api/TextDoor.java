package dev.materia.controlplane.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The one text rule of the API, applied before any route: a NUL (U+0000) or an unpaired surrogate
 * in a path segment, a query parameter or any string (or property name) of a JSON body is refused
 * with a 400 naming the field, since PostgreSQL can store neither in {@code text} or {@code jsonb}.
 * Event batches are the exception: their text is the user's logs, repaired rather than refused
 * ({@code events.EventBatchReader}), so a run always completes; {@link Bodies} does not read them.
 */
@ServerFilter("/api/**")
final class TextDoor implements Ordered {
  private static final List<HttpMethod> WITH_BODY =
      List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  // Before the credential check, which reads the database with what the path names.
  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> check(HttpRequest<?> request) {
    try {
      checkPath(request);
      checkQuery(request);
      return null;
    } catch (ApiException e) {
      return ApiExceptionHandler.response(e);
    }
  }

  /**
   * The body check, on the routes that take JSON bodies other than event batches (their text is
   * repaired, and binding the body here would copy every batch once more). A new route with a body
   * outside these patterns is caught by {@code TextSafetyTableTest}.
   */
  @ServerFilter({"/api/v1/**", "/api/agent/v1/heartbeat", "/api/agent/v1/code-locations/**"})
  static final class Bodies implements Ordered {
    private final JsonFactory factory = new JsonFactory();

    @Override
    public int getOrder() {
      return HIGHEST_PRECEDENCE + 1;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request, @Nullable @Body byte[] body) {
      if (body == null || !WITH_BODY.contains(request.getMethod()) || !isJson(request)) {
        return null;
      }
      try {
        checkBody(factory, body);
        return null;
      } catch (ApiException e) {
        return ApiExceptionHandler.response(e);
      }
    }
  }

  private static boolean isJson(HttpRequest<?> request) {
    Optional<MediaType> type = request.getContentType();
    return type.isEmpty() || type.get().getSubtype().toLowerCase().contains("json");
  }

  private static void checkPath(HttpRequest<?> request) {
    String raw = request.getUri().getRawPath();
    if (raw == null || raw.indexOf('%') < 0) {
      return;
    }
    String[] segments = raw.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String decoded = decode(segments[i]);
      if (decoded == null || UnsafeText.isUnsafe(decoded)) {
        String field = pathVariable(request, i).orElse("path");
        throw refusal(
            field, field.equals("path") ? "a path segment" : "the path variable " + field);
      }
    }
  }

  /**
   * The name of the matched route's path variable at segment {@code index} ({@code {key:.+}}, the
   * last, takes every segment from its own on).
   */
  private static Optional<String> pathVariable(HttpRequest<?> request, int index) {
    return RouteAttributes.getRouteMatch(request)
        .filter(UriRouteMatch.class::isInstance)
        .map(match -> ((UriRouteMatch<?, ?>) match).getRouteInfo().getUriMatchTemplate().toString())
        .flatMap(
            template -> {
              String[] parts = template.split("/", -1);
              String part = index < parts.length ? parts[index] : parts[parts.length - 1];
              if (index >= parts.length && !part.contains(":.+")) {
                return Optional.empty();
              }
              if (!part.startsWith("{") || !part.endsWith("}")) {
                return Optional.empty();
              }
              String name = part.substring(1, part.length() - 1);
              int colon = name.indexOf(':');
              return Optional.of(colon < 0 ? name : name.substring(0, colon));
            });
  }

  private static void checkQuery(HttpRequest<?> request) {
    String rawQuery = request.getUri().getRawQuery();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (name == null || UnsafeText.isUnsafe(name)) {
        throw refusal("query", "a query parameter name");
      }
      if (value == null || UnsafeText.isUnsafe(value)) {
        throw refusal(name, "the query parameter " + name);
      }
    }
  }

  /** {@code text} percent-decoded as UTF-8 ({@code +} is a space); null when not valid UTF-8. */
  private static @Nullable String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    byte[] bytes = new byte[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes[n++] = (byte) (hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      if (c > 0x7F) {
        return text; // already decoded text: judged as it is
      }
      bytes[n++] = (byte) (c == '+' ? ' ' : c);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void checkBody(JsonFactory factory, byte[] body) {
    if (!UnsafeText.mayHoldUnsafe(body)) {
      return;
    }
    try (JsonParser p = factory.createParser(body)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && UnsafeText.isUnsafe(p.currentName())) {
          // Named by the object that holds it: the name itself is what cannot be shown.
          String field = path(p.getParsingContext().getParent());
          throw refusal(field, "a property name in " + field);
        }
        if (t == JsonToken.VALUE_STRING && UnsafeText.isUnsafe(p.getText())) {
          String field = path(p.getParsingContext());
          throw refusal(field, field);
        }
      }
    } catch (IOException e) {
      // Not JSON: the route's own reading answers that (malformed_json).
    }
  }

  /**
   * The field a parser context is at, as this API names fields: {@code tags.team}, {@code
   * deployments[0]}.
   */
  static String path(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      String part;
      if (at.inArray()) {
        part = "[" + Math.max(0, at.getCurrentIndex()) + "]";
      } else {
        String name = at.getCurrentName();
        part = (at.getParent() != null && at.getParent().inRoot() ? "" : ".") + name;
      }
      path.insert(0, part);
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  private static ApiException refusal(String field, String what) {
    return ApiException.invalid(
        field,
        what
            + " holds a NUL character (U+0000), an unpaired surrogate or bytes that are not UTF-8,"
            + " which this API does not accept; remove them");
  }
}
