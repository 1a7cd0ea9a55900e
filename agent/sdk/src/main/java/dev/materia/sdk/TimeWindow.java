package dev.materia.sdk;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The span of time one time-window partition covers: from {@code start} inclusive to {@code end}
 * exclusive, in the partitions' timezone.
 *
 * <p>Windows follow the local wall clock, so their length varies: a daily window in Europe/Berlin
 * is 23 hours on the day clocks spring forward and 25 hours on the day they fall back.
 *
 * <pre>{@code
 * @Asset
 * @DailyPartitions(start = "2024-01-01", timezone = "Europe/Berlin")
 * public static List<Event> dailyEvents(AssetContext context) {
 *   TimeWindow window = context.partitionTimeWindow();
 *   return source.eventsBetween(window.start().toInstant(), window.end().toInstant());
 * }
 * }</pre>
 *
 * @param start the first instant in the window, in the partitions' timezone
 * @param end the first instant after the window, in the partitions' timezone
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

  /** Whether the two windows share at least one instant. */
  public boolean overlaps(TimeWindow other) {
    Objects.requireNonNull(other, "other == null");
    return start.toInstant().isBefore(other.end.toInstant())
        && other.start.toInstant().isBefore(end.toInstant());
  }
}
