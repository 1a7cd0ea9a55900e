package dev.materia.api.snapshot;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The kind of a {@link PartitionsSnapshot}: four time-window cadences, static, dynamic or multi.
 *
 * <p>Example: {@code if (partitions.kind().isTimeWindow()) showCalendar();}
 */
@Serdeable
public enum PartitionsKind {
  HOURLY,
  DAILY,
  WEEKLY,
  MONTHLY,
  STATIC,
  DYNAMIC,
  MULTI;

  /** True for the four time-window cadences. */
  public boolean isTimeWindow() {
    return this == HOURLY || this == DAILY || this == WEEKLY || this == MONTHLY;
  }
}
