package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The answer to a long poll: the work claimed for the agent (empty when the wait ran out) and the
 * intervals the server wants the agent to keep; agents add jitter to both.
 *
 * <p>Example: {@code new WorkResponse(List.of(launch), 0, 10_000)}.
 *
 * @param items claimed work, oldest first; empty when there was none
 * @param pollIntervalMillis how long the agent waits before its next poll (0: at once)
 * @param heartbeatIntervalMillis how often the agent sends a heartbeat
 */
@Serdeable
public record WorkResponse(
    List<WorkItem> items, long pollIntervalMillis, long heartbeatIntervalMillis) {
  public WorkResponse {
    items = Fields.list(items, "items");
    Fields.positive(pollIntervalMillis, "pollIntervalMillis");
    if (heartbeatIntervalMillis < 1) {
      throw new IllegalArgumentException(
          "heartbeatIntervalMillis must be >= 1 but was " + heartbeatIntervalMillis);
    }
  }
}
