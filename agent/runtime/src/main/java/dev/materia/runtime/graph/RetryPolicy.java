package dev.materia.runtime.graph;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How often a failing step is retried and how long it waits in between (from {@code @Retry}).
 *
 * <p>Example: {@code new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5),
 * List.of(Exception.class))} waits 100, 200 and 400 ms.
 *
 * @param maxRetries retries after the first attempt
 * @param delay wait before the first retry
 * @param backoffFactor multiplier per further retry, at least 1
 * @param maxDelay cap on any single wait
 * @param retryOn throwable types worth retrying
 */
public record RetryPolicy(
    int maxRetries,
    Duration delay,
    double backoffFactor,
    Duration maxDelay,
    List<Class<? extends Throwable>> retryOn) {

  /** Run once, never retry. */
  public static final RetryPolicy NONE =
      new RetryPolicy(0, Duration.ZERO, 1.0, Duration.ZERO, List.of());

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0 but was " + maxRetries);
    }
    Objects.requireNonNull(delay, "delay == null");
    Objects.requireNonNull(maxDelay, "maxDelay == null");
    if (delay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException(
          "retry delays must not be negative: delay " + delay + ", maxDelay " + maxDelay);
    }
    if (!(backoffFactor >= 1.0)) {
      throw new IllegalArgumentException("backoffFactor must be >= 1.0 but was " + backoffFactor);
    }
    retryOn = List.copyOf(retryOn);
  }

  /** Whether a failure of attempt {@code attempt} (1-based) with {@code error} gets another try. */
  public boolean retries(int attempt, Throwable error) {
    if (attempt > maxRetries) {
      return false;
    }
    for (Class<? extends Throwable> type : retryOn) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based): delay × factor^(attempt-1), capped.
   */
  public Duration delayAfter(int attempt) {
    double millis = delay.toMillis() * Math.pow(backoffFactor, Math.max(0, attempt - 1));
    long capped = (long) Math.min(millis, (double) maxDelay.toMillis());
    return Duration.ofMillis(Math.max(0, capped));
  }
}
