package dev.materia.agent.client;

import java.io.IOException;

/**
 * The control plane answered with an error status: a 4xx, or a 429/5xx that outlasted the retries.
 *
 * <p>{@link #code()} and {@link #field()} come from the error body {@code {"error": {"code",
 * "message", "field"}}} when the server sent one.
 */
public final class ControlPlaneException extends IOException {
  private final int status;
  private final String code;
  private final String field;
  private final String reason;

  public ControlPlaneException(
      String request, int status, String code, String message, String field) {
    super(
        request
            + " answered "
            + status
            + (code == null ? "" : " " + code)
            + (message == null || message.isBlank() ? "" : ": " + message)
            + (field == null ? "" : " (field " + field + ")"));
    this.status = status;
    this.code = code;
    this.field = field;
    this.reason = message == null || message.isBlank() ? null : message;
  }

  /** The server's own message from the error body, without the request around it; or null. */
  public String reason() {
    return reason;
  }

  /**
   * True for a refusal of what was sent (400, 409, 413, 422, …): sending it again unchanged gets
   * the same answer. Not 401/403 (the token), 404 (nothing registered there yet) or 429.
   */
  public boolean refused() {
    return status >= 400
        && status < 500
        && status != 401
        && status != 403
        && status != 404
        && status != 429;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The error code from the body, or null. */
  public String code() {
    return code;
  }

  /** The field the error names, or null. */
  public String field() {
    return field;
  }

  /** True for 401: the token is unknown, expired or revoked, and retrying will not help. */
  public boolean tokenRejected() {
    return status == 401;
  }

  /** True for statuses the client retries: 429 and 5xx. */
  public boolean retryable() {
    return isRetryable(status);
  }

  static boolean isRetryable(int status) {
    return status == 429 || status >= 500;
  }
}
