package dev.materia.cli;

/** A problem the user can fix, reported as one line (no stack trace) with a non-zero exit code. */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
