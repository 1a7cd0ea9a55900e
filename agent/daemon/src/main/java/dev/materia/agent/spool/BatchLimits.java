package dev.materia.agent.spool;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one event batch: a batch is sent when it holds {@code maxEvents}, when it would pass
 * {@code maxBytes}, or when its oldest event has waited {@code linger}, whichever comes first.
 *
 * <p>Example: {@code new BatchLimits(500, 1 << 20, Duration.ofMillis(200))} (the default).
 *
 * @param maxEvents events per batch, at least 1
 * @param maxBytes JSON bytes of events per batch (one larger event still goes alone)
 * @param linger how long a lone event may wait for company
 */
public record BatchLimits(int maxEvents, long maxBytes, Duration linger) {
  /** 500 events, 1 MiB, 200 ms: small enough for the server's body limit, big enough for COPY. */
  public static final BatchLimits DEFAULT = new BatchLimits(500, 1 << 20, Duration.ofMillis(200));

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
