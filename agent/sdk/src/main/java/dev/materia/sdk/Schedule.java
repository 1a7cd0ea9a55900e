package dev.materia.sdk;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Launches a run of a selection on a cron schedule.
 *
 * <pre>{@code
 * Definitions.builder()
 *     .assets(SalesAssets.class)
 *     .schedule(Schedule.of("nightly_sales", "0 2 * * *", "group:sales").inTimezone("Europe/Berlin"))
 *     .build();
 * }</pre>
 *
 * @param name unique per code location: letters, digits and {@code _}
 * @param cron a five-field cron expression (minute hour day-of-month month day-of-week)
 * @param selection what to run, in the selection syntax ({@code group:sales}, {@code raw_orders+})
 * @param timezone the zone the cron expression is read in
 */
public record Schedule(String name, String cron, String selection, String timezone) {
  public Schedule {
    if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "schedule name \"" + name + "\" must be letters, digits and '_', e.g. \"nightly_sales\"");
    }
    Objects.requireNonNull(cron, "cron == null");
    int fields = cron.isBlank() ? 0 : cron.strip().split("\\s+").length;
    if (fields != 5) {
      throw new IllegalArgumentException(
          "schedule \""
              + name
              + "\" has cron \""
              + cron
              + "\" with "
              + fields
              + " fields: use five (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\"");
    }
    if (selection == null || selection.isBlank()) {
      throw new IllegalArgumentException(
          "schedule \"" + name + "\" has no selection: use e.g. \"*\" or \"group:sales\"");
    }
    Objects.requireNonNull(timezone, "timezone == null");
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "schedule \"" + name + "\" has unknown timezone \"" + timezone + "\": use e.g. \"UTC\"",
          e);
    }
  }

  /** A schedule in UTC. */
  public static Schedule of(String name, String cron, String selection) {
    return new Schedule(name, cron, selection, "UTC");
  }

  /** The same schedule read in another timezone, e.g. {@code "Europe/Berlin"}. */
  public Schedule inTimezone(String timezone) {
    return new Schedule(name, cron, selection, timezone);
  }
}
