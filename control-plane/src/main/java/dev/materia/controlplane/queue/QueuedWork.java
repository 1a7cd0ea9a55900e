package dev.materia.controlplane.queue;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A work item row as the queue hands it to the dispatcher and the sweeper.
 *
 * @param kind {@code launch_run}, {@code terminate_run} or {@code load_code_location}
 * @param payload what the item's wire record needs beyond the run (reason, location, version)
 */
public record QueuedWork(
    UUID id,
    UUID orgId,
    UUID deploymentId,
    String kind,
    @Nullable UUID runId,
    Map<String, Object> payload,
    Instant createdAt) {
  public static final String LAUNCH = "launch_run";
  public static final String TERMINATE = "terminate_run";
  public static final String LOAD = "load_code_location";
}
