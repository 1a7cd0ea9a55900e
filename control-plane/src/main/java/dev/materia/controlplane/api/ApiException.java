package dev.materia.controlplane.api;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * A request the API refuses, with the status, stable code and message the caller sees in the one
 * error shape. Services throw it at the door; {@link ApiErrors} turns it into the response.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final @Nullable String field;
  private final @Nullable Duration retryAfter;

  private ApiException(
      int status,
      String code,
      String message,
      @Nullable String field,
      @Nullable Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }

  /** 400: a field of the request is missing or wrong; the message says how to fix it. */
  public static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid_field", message, field, null);
  }

  /**
   * 400 with its own code, for input whose fault callers tell apart, such as a selection's syntax.
   */
  public static ApiException invalid(String code, String field, String message) {
    return new ApiException(400, code, message, field, null);
  }

  /** 401: no usable credential: missing, malformed, expired or revoked. */
  public static ApiException unauthenticated(String code, String message) {
    return new ApiException(401, code, message, null, null);
  }

  /** 403: the caller is known but may not do this. */
  public static ApiException forbidden(String code, String message) {
    return new ApiException(403, code, message, null, null);
  }

  /** 403 about one field of the request, such as an event naming what the caller may not touch. */
  public static ApiException forbidden(String code, String field, String message) {
    return new ApiException(403, code, message, field, null);
  }

  /** 404: nothing there, or nothing the caller may know exists. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null, null);
  }

  /** 409: the request clashes with what exists, for example a taken name. */
  public static ApiException conflict(String field, String message) {
    return new ApiException(409, "conflict", message, field, null);
  }

  /** 429: too many attempts; the caller may retry after {@code retryAfter}. */
  public static ApiException tooManyRequests(String message, Duration retryAfter) {
    return new ApiException(429, "too_many_requests", message, null, retryAfter);
  }

  /** 503: a part the server depends on (the database) cannot be reached; the caller may retry. */
  public static ApiException unavailable(String code, String message) {
    return new ApiException(503, code, message, null, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public @Nullable String field() {
    return field;
  }

  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  public ApiError toError() {
    return ApiError.of(code, getMessage(), field);
  }
}
