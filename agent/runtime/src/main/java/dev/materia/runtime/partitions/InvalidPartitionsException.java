package dev.materia.runtime.partitions;

/**
 * A partitions annotation or mapping annotation that cannot be used as written. The message names
 * the method, the bad value and the fix, ready to show the user as is.
 */
public final class InvalidPartitionsException extends IllegalArgumentException {
  InvalidPartitionsException(String message) {
    super(message);
  }

  InvalidPartitionsException(String message, Throwable cause) {
    super(message, cause);
  }
}
