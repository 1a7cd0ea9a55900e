package dev.materia.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
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
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return typed;
    }
    return typed.body(errorFor(context, response.code())).contentType(MediaType.APPLICATION_JSON);
  }

  static ApiError errorFor(ErrorContext context, int status) {
    Optional<Throwable> cause = context.getRootCause().map(ApiErrorResponses::deepest);
    if (cause.isPresent() && cause.get() instanceof StreamConstraintsException limit) {
      return ApiError.of(
          "json_too_complex",
          "the JSON body breaks a limit of this API: " + firstSentence(limit.getOriginalMessage()));
    }
    if (status == 400
        && cause.isPresent()
        && cause.get() instanceof JsonProcessingException malformed) {
      return ApiError.of(
          "malformed_json",
          "the body is not valid JSON: " + firstSentence(malformed.getOriginalMessage()));
    }
    if (status >= 500) {
      // Never echo internals; the server log has the stack trace.
      return ApiError.of("internal_error", "the server failed to handle this request");
    }
    Optional<Error> first = context.getErrors().stream().findFirst();
    String message = first.map(Error::getMessage).orElse("the request was refused");
    String field = first.flatMap(Error::getPath).map(ApiErrorResponses::lastSegment).orElse(null);
    return ApiError.of(codeOf(status), message, field);
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

  private static Throwable deepest(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String firstSentence(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String lastSegment(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
