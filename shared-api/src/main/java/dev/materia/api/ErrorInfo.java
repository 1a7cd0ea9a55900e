package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A failure as text: the exception class, its message and the full stack trace (causes included).
 *
 * <p>Example: {@code ErrorInfo.of(new IllegalStateException("no rows"))}.
 *
 * @param className fully qualified class of the throwable
 * @param message its message, or an empty string when it had none
 * @param stackTrace {@link Throwable#printStackTrace()} output
 */
@Serdeable
public record ErrorInfo(String className, String message, String stackTrace) {
  public ErrorInfo {
    EventFields.required(className, "className");
    message = message == null ? "" : message;
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  /** Captures a throwable, its causes and suppressed exceptions. */
  public static ErrorInfo of(Throwable error) {
    if (error == null) {
      throw new IllegalArgumentException("error == null");
    }
    var out = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(out));
    return new ErrorInfo(error.getClass().getName(), error.getMessage(), out.toString());
  }
}
