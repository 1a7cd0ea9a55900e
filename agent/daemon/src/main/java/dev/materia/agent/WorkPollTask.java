package dev.materia.agent;

import dev.materia.agent.client.ControlPlane;
import dev.materia.api.agent.WorkItem;
import dev.materia.api.agent.WorkResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's {@link Poller.PollTask}: one long poll for work against the control plane. It keeps
 * the intervals of every answer: the pause between polls, and the heartbeat interval.
 *
 * <p>Example: {@code new WorkPollTask(controlPlane, Duration.ofSeconds(20),
 * Duration.ofSeconds(10)).poll()} is the claimed work, or null for none.
 */
final class WorkPollTask implements Poller.PollTask<List<WorkItem>> {
  private final ControlPlane controlPlane;
  private final Duration wait;
  private final AtomicLong pollIntervalMillis = new AtomicLong(0);
  private final AtomicLong heartbeatIntervalMillis;

  WorkPollTask(ControlPlane controlPlane, Duration wait, Duration initialHeartbeatInterval) {
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane == null");
    this.wait = Objects.requireNonNull(wait, "wait == null");
    this.heartbeatIntervalMillis = new AtomicLong(initialHeartbeatInterval.toMillis());
  }

  @Override
  public List<WorkItem> poll() throws Exception {
    WorkResponse response = controlPlane.pollWork(wait);
    pollIntervalMillis.set(response.pollIntervalMillis());
    heartbeatIntervalMillis.set(response.heartbeatIntervalMillis());
    return response.items().isEmpty() ? null : response.items();
  }

  /** The pause between polls the server asked for last. */
  Duration pollInterval() {
    return Duration.ofMillis(pollIntervalMillis.get());
  }

  /** The heartbeat interval the server asked for last. */
  Duration heartbeatInterval() {
    return Duration.ofMillis(heartbeatIntervalMillis.get());
  }
}
