package dev.materia.api.agent;

import dev.materia.api.RunEvent;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Events of one run, sent to {@link AgentProtocol#EVENTS_PATH} in ascending {@code seq}.
 *
 * <p>Ingestion is idempotent on {@code (runId, seq)}, so the agent resends a batch freely after a
 * failure or a restart.
 *
 * <p>Example: {@code new EventBatch("r-1", List.of(runStarted, stepStarted))}.
 *
 * @param runId the run every event belongs to
 * @param events at least one event, seq strictly ascending
 */
@Serdeable
public record EventBatch(String runId, List<RunEvent> events) {
  public EventBatch {
    Fields.required(runId, "runId");
    events = Fields.list(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("event batch of run " + runId + " is empty");
    }
    long previous = 0;
    for (RunEvent event : events) {
      if (!event.runId().equals(runId)) {
        throw new IllegalArgumentException(
            "event seq " + event.seq() + " belongs to run " + event.runId() + ", not " + runId);
      }
      if (event.seq() <= previous) {
        throw new IllegalArgumentException(
            "event seq " + event.seq() + " follows seq " + previous + ": seq must ascend");
      }
      previous = event.seq();
    }
  }
}
