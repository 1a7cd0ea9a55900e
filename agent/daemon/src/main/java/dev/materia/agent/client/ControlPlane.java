package dev.materia.agent.client;

import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.SnapshotAck;
import dev.materia.api.agent.WorkResponse;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import java.io.IOException;
import java.time.Duration;

/**
 * What the agent asks of the control plane with its agent token (protocol v1).
 *
 * <p>Implementations retry transient failures themselves; an {@link IOException} means the call
 * failed for good ({@link ControlPlaneException} when the server answered with an error).
 */
public interface ControlPlane {
  /** Long-polls for work; the server holds the call up to {@code wait}. */
  WorkResponse pollWork(Duration wait) throws IOException;

  /** Reports the agent's code locations and runs in hand. */
  void heartbeat(AgentHeartbeat heartbeat) throws IOException;

  /** Uploads a code location's snapshot; an identical content hash is a no-op server-side. */
  SnapshotAck uploadSnapshot(String deployment, CodeLocationSnapshot snapshot) throws IOException;

  /** Event ingestion authenticated with {@code token}: a run's {@code mtr_} token. */
  EventBatchSender events(String token);

  /** Event ingestion with the agent token, for replaying spools whose run token is gone. */
  EventBatchSender events();
}
