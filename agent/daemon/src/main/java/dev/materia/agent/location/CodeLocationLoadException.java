package dev.materia.agent.location;

/**
 * A code location could not load; the message is the runtime's (or the user code's), naming the
 * method at fault and the fix, and goes to the control plane as the location's error. It does not
 * name the location: whoever shows it says "code location … failed to load:" once.
 */
public final class CodeLocationLoadException extends RuntimeException {
  public CodeLocationLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
