package dev.materia.controlplane.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a run's event happened, as far as the server can believe it: the agent's own timestamp, so
 * replayed events keep their times, but never later than the server's clock plus {@code skew} (then
 * it is the server's now) and never earlier than the run's launch minus {@code skew} (then it is
 * the launch).
 */
public record RunClock(Duration skew) {
  public RunClock {
    Objects.requireNonNull(skew, "skew == null");
    if (skew.isNegative()) {
      throw new IllegalArgumentException("skew must not be negative: " + skew);
    }
  }

  /** The time to store for an event stamped {@code said} of a run launched at {@code createdAt}. */
  public Instant clamp(Instant said, Instant createdAt, Instant now) {
    if (said.isAfter(now.plus(skew))) {
      return now;
    }
    if (said.isBefore(createdAt.minus(skew))) {
      return createdAt;
    }
    return said;
  }
}
