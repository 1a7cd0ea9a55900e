package dev.materia.api.agent;

import dev.materia.api.RunStatus;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A run an agent is executing or still shipping events for, sent in every heartbeat so the lease on
 * its launch stays alive.
 *
 * <p>Example: {@code new RunInHand("r-1", "w-2", RunStatus.STARTED, 41)}.
 *
 * @param workItemId the launch work item the run came from
 * @param status the run's status as the agent sees it
 * @param appendedSeq the highest seq the run has produced so far (0 before the first event)
 */
@Serdeable
public record RunInHand(String runId, String workItemId, RunStatus status, long appendedSeq) {
  public RunInHand {
    Fields.required(runId, "runId");
    Fields.required(workItemId, "workItemId");
    if (status == null) {
      throw new IllegalArgumentException("status == null for run " + runId);
    }
    Fields.positive(appendedSeq, "appendedSeq");
  }
}
