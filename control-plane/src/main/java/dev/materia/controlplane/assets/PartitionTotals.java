package dev.materia.controlplane.assets;

import dev.materia.api.snapshot.PartitionDimensionSnapshot;
import dev.materia.api.snapshot.PartitionsSnapshot;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * How many partitions a definition has at a moment: the time windows that have ended by then
 * (capped by the definition's end), the static keys, or the product of a multi definition's
 * dimensions. Dynamic keys live in a store the control plane does not see, so they count as
 * unknown.
 */
public final class PartitionTotals {
  private PartitionTotals() {}

  /** The number of partitions at {@code now}, or null when unknown (dynamic). */
  public static @Nullable Long count(PartitionsSnapshot partitions, Instant now) {
    return switch (partitions.kind()) {
      case STATIC -> (long) partitions.staticKeys().size();
      case DYNAMIC -> null;
      case MULTI -> {
        long product = 1;
        for (PartitionDimensionSnapshot dimension : partitions.dimensions()) {
          Long count = count(dimension.partitions(), now);
          if (count == null) {
            yield null;
          }
          product *= count;
        }
        yield product;
      }
      case HOURLY, DAILY, WEEKLY, MONTHLY -> windows(partitions, now);
    };
  }

  private static long windows(PartitionsSnapshot partitions, Instant now) {
    ZoneId zone = ZoneId.of(partitions.timezone());
    LocalDateTime start = LocalDateTime.parse(partitions.start());
    LocalDateTime last = LocalDateTime.ofInstant(now, zone);
    if (partitions.end() != null) {
      LocalDateTime end = LocalDateTime.parse(partitions.end());
      if (end.isBefore(last)) {
        last = end;
      }
    }
    if (!last.isAfter(start)) {
      return 0;
    }
    return switch (partitions.kind()) {
      // Hours tile real time, so a DST change adds or drops one: count elapsed hours.
      case HOURLY -> {
        Instant from = start.atZone(zone).toInstant();
        Instant to = partitions.end() == null ? now : last.atZone(zone).toInstant();
        yield Math.max(0, Duration.between(from, to).toHours());
      }
      case DAILY -> ChronoUnit.DAYS.between(start, last);
      case WEEKLY -> ChronoUnit.WEEKS.between(start, last);
      case MONTHLY -> ChronoUnit.MONTHS.between(start, last);
      default -> throw new IllegalArgumentException("not a time window: " + partitions.kind());
    };
  }
}
