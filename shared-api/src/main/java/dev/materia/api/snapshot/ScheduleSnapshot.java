package dev.materia.api.snapshot;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A schedule a code location declares; the control plane evaluates it and creates the runs.
 *
 * <p>Example: {@code new ScheduleSnapshot("nightly_sales", "0 2 * * *", "group:sales", "UTC")}.
 *
 * @param cron a five-field cron expression
 * @param selection what each run selects
 * @param timezone the zone the cron expression is read in
 */
@Serdeable
public record ScheduleSnapshot(String name, String cron, String selection, String timezone) {
  public ScheduleSnapshot {
    Checks.required(name, "schedule name");
    Checks.required(cron, "cron of schedule " + name);
    Checks.required(selection, "selection of schedule " + name);
    Checks.required(timezone, "timezone of schedule " + name);
  }
}
