package dev.materia.controlplane.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.serde.exceptions.SerdeException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Gives the framework's own errors (bad JSON, 405, 413, 415, 500…) the one shape {@link ApiError},
 * so no response of this server ever uses another error format.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ApiErrorResponses implements ErrorResponseProcessor<ApiError> {

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<ApiError> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    MutableHttpResponse<ApiError> typed = (MutableHttpResponse<ApiError>) response;
    int tooLong = tooLongStatus(context.getRequest());
    if (tooLong > 0) {
      typed.status(tooLong);
      return typed
          .body(
              ApiError.of(
                  tooLong == 414 ? "uri_too_long" : "headers_too_large",
                  tooLong == 414
                      ? "the request line is longer than this server reads; shorten the URL"
                      : "the request headers are larger than this server reads"))
          .contentType(MediaType.APPLICATION_JSON);
    }
    if (response.code() == 500
        && context.getRootCause().filter(DatabaseOutage::causes).isPresent()) {
      // Code that reads the pool directly (not through a tenant transaction) fails the same way.
      typed.status(503);
      if (context.getRequest().getMethod() != HttpMethod.HEAD) {
        typed.body(DatabaseOutage.refusal().toError()).contentType(MediaType.APPLICATION_JSON);
      }
      return typed;
    }
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return typed;
    }
    return typed.body(errorFor(context, response.code())).contentType(MediaType.APPLICATION_JSON);
  }

  static ApiError errorFor(ErrorContext context, int status) {
    if (status >= 500) {
      // Never echo internals; the server log has the stack trace.
      return ApiError.of("internal_error", "the server failed to handle this request");
    }
    Optional<Throwable> cause = context.getRootCause();
    if (status == 400 && cause.isPresent()) {
      Optional<StrictValueException> strict = find(cause.get(), StrictValueException.class);
      if (strict.isPresent()) {
        return ApiError.of("invalid_field", strict.get().getMessage(), strict.get().field());
      }
      Optional<StreamConstraintsException> limit =
          find(cause.get(), StreamConstraintsException.class);
      if (limit.isPresent()) {
        return ApiError.of(
            "json_too_complex",
            "the JSON body breaks a limit of this API: "
                + firstLine(limit.get().getOriginalMessage()));
      }
      Optional<JsonParseException> malformed = find(cause.get(), JsonParseException.class);
      if (malformed.isPresent()) {
        return ApiError.of(
            "malformed_json",
            "the body is not valid JSON: " + firstLine(malformed.get().getOriginalMessage()));
      }
      Optional<Throwable> shape =
          find(cause.get(), JsonProcessingException.class)
              .map(Throwable.class::cast)
              .or(() -> find(cause.get(), SerdeException.class));
      if (shape.isPresent()) {
        String message =
            shape.get() instanceof JsonProcessingException json
                ? json.getOriginalMessage()
                : shape.get().getMessage();
        return ApiError.of(
            "invalid_body", "the body does not fit this request: " + firstLine(message));
      }
    }
    Optional<Error> first = context.getErrors().stream().findFirst();
    String message = first.map(Error::getMessage).orElse("the request was refused");
    String field =
        first
            .flatMap(Error::getPath)
            .map(ApiErrorResponses::lastSegment)
            .filter(f -> !f.isBlank())
            .orElse(null);
    return ApiError.of(codeOf(status), message, field);
  }

  /**
   * 414 or 431 when Netty could not read the request line or the headers within its limits ({@code
   * micronaut.server.netty.max-initial-line-length}, {@code max-header-size}); Micronaut answers
   * both 413, as if the body were too large. 0 otherwise.
   */
  private static int tooLongStatus(HttpRequest<?> request) {
    if (request instanceof NettyHttpRequest<?> netty
        && netty.getNativeRequest().decoderResult().isFailure()) {
      Throwable cause = netty.getNativeRequest().decoderResult().cause();
      if (cause instanceof TooLongHttpLineException) {
        return 414;
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return 431;
      }
    }
    return 0;
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "body_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      default -> "http_" + status;
    };
  }

  private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return Optional.of(type.cast(cause));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String lastSegment(String path) {
    String trimmed = path.replaceAll("^[/.]+", "");
    int dot = Math.max(trimmed.lastIndexOf('.'), trimmed.lastIndexOf('/'));
    return dot < 0 ? trimmed : trimmed.substring(dot + 1);
  }
}
