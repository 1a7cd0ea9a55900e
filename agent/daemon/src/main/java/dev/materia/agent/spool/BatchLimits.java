package dev.materia.agent.spool;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one event batch: a batch is sent when it holds {@code maxEvents}, when it would pass
 * {@code maxBytes}, or when its oldest event has waited {@code linger}, whichever comes first.
 *
 * <p>Example: {@code new BatchLimits(2_000, 1 << 20, Duration.ofMillis(200))} (the default).
 *
 * @param maxEvents events per batch, at least 1
 * @param maxBytes JSON bytes of events per batch (one larger event still goes alone)
 * @param linger how long a lone event may wait for company
 */
public record BatchLimits(int maxEvents, long maxBytes, Duration linger) {
  /**
   * 2,000 events, 1 MiB, 200 ms: well under the server's limits (10,000 events, 10 MB), and big
   * enough that one run ships 1.5–2× the events per second it did with 500 (one batch is in flight
   * at a time, so the round trip is paid per batch).
   */
  public static final BatchLimits DEFAULT = new BatchLimits(2_000, 1 << 20, Duration.ofMillis(200));

  public BatchLimits {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be >= 1 but was " + maxEvents);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1 but was " + maxBytes);
    }
    Objects.requireNonNull(linger, "linger == null");
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must be >= 0 but was " + linger);
    }
  }
}
