package dev.materia.agent.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt {@code n} waits a random time between half and all of
 * {@code min(max, initial × multiplier^(n-1))}, so many agents retrying at once spread out.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.DEFAULT;
 * Thread.sleep(backoff.delay(attempt).toMillis());
 * }</pre>
 *
 * @param initial the ceiling of the first delay
 * @param max the largest ceiling
 * @param multiplier growth per attempt, at least 1
 */
public record Backoff(Duration initial, Duration max, double multiplier) {
  /** 200 ms doubling up to 30 s. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2);

  public Backoff {
    Objects.requireNonNull(initial, "initial == null");
    Objects.requireNonNull(max, "max == null");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 <= initial <= max but was initial " + initial + ", max " + max);
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be >= 1 but was " + multiplier);
    }
  }

  /** The delay before retry number {@code attempt} (1 for the first retry). */
  public Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1 but was " + attempt);
    }
    double ceiling =
        Math.min(
            max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.min(attempt - 1, 62)));
    long top = (long) ceiling;
    if (top <= 1) {
      return Duration.ofNanos(top);
    }
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(top / 2, top + 1));
  }

  /** {@code base} moved randomly by up to {@code fraction} either way, never below zero. */
  public static Duration jittered(Duration base, double fraction) {
    Objects.requireNonNull(base, "base == null");
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be in [0, 1] but was " + fraction);
    }
    long nanos = base.toNanos();
    long spread = (long) (nanos * fraction);
    if (spread == 0) {
      return base;
    }
    return Duration.ofNanos(
        Math.max(0, nanos + ThreadLocalRandom.current().nextLong(-spread, spread + 1)));
  }
}
