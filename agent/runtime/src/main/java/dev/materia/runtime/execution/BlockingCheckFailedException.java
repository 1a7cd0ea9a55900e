package dev.materia.runtime.execution;

/**
 * A blocking asset check evaluated to failed; its step fails with this error so the steps
 * downstream of the checked asset are skipped.
 */
public final class BlockingCheckFailedException extends RuntimeException {
  public BlockingCheckFailedException(String message) {
    super(message, null, false, false);
  }
}
