package dev.materia.api.partitions;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The span of time one time-window partition covers: from {@code start} inclusive to {@code end}
 * exclusive, in the partitions' timezone. Its length follows the wall clock: a Berlin day is 23
 * hours in March and 25 in October.
 *
 * <p>Example: {@code partitionKeys.of(days).timeWindow("2024-02-29")} is {@code
 * 2024-02-29T00:00Z[UTC]} to {@code 2024-03-01T00:00Z[UTC]}.
 *
 * @param start the first instant in the window
 * @param end the first instant after the window
 */
public record TimeWindow(ZonedDateTime start, ZonedDateTime end) {
  public TimeWindow {
    Objects.requireNonNull(start, "start == null");
    Objects.requireNonNull(end, "end == null");
    if (!start.toInstant().isBefore(end.toInstant())) {
      throw new IllegalArgumentException(
          "time window end " + end + " is not after its start " + start);
    }
  }

  /** How long the window lasts in elapsed time (not wall-clock time). */
  public Duration duration() {
    return Duration.between(start.toInstant(), end.toInstant());
  }

  /** Whether {@code instant} falls in {@code [start, end)}. */
  public boolean contains(Instant instant) {
    Objects.requireNonNull(instant, "instant == null");
    return !instant.isBefore(start.toInstant()) && instant.isBefore(end.toInstant());
  }
}
