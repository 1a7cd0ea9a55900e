package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Stop a run the agent holds: in-process runs are canceled, subprocess runs killed, and the run
 * ends CANCELED.
 *
 * <p>Example: {@code new TerminateRun("w-3", "r-1", "canceled by ada@example.com")}.
 *
 * @param runId the run to stop
 * @param reason why, for the run's events; empty when none was given
 */
@Serdeable
public record TerminateRun(String id, String runId, String reason) implements WorkItem {
  public static final String TYPE = "terminate_run";

  public TerminateRun {
    Fields.required(id, "id");
    Fields.required(runId, "runId");
    reason = reason == null ? "" : reason;
  }
}
