package dev.materia.controlplane.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for a condition, so tests never sleep to synchronize: each returns as soon as the
 * condition holds and fails once the bound has passed. Shared with the agent's and the CLI's tests
 * through this module's test-jar.
 */
public final class Await {
  private static final Duration DEFAULT = Duration.ofSeconds(20);

  private Await() {}

  /** Polls {@code condition} every 10 ms until it holds, failing after 20 s. */
  public static void await(BooleanSupplier condition) {
    await("the condition", DEFAULT, condition);
  }

  /** Polls {@code condition} every 10 ms until it holds, failing after {@code timeout}. */
  public static void await(Duration timeout, BooleanSupplier condition) {
    await("the condition", timeout, condition);
  }

  /**
   * Polls {@code condition} every 10 ms until it holds; the failure after {@code timeout} names
   * {@code what}.
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(10); // the polling interval of a bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
