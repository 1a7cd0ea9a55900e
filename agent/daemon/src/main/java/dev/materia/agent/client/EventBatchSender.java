package dev.materia.agent.client;

import dev.materia.api.agent.EventBatchAck;
import java.io.IOException;

/**
 * Sends one run's event batches to {@code POST /api/agent/v1/runs/{runId}/events}, with one token.
 *
 * <p>The body is passed as JSON bytes so a spool can send events exactly as it stored them.
 */
@FunctionalInterface
public interface EventBatchSender {
  /** Sends an {@code EventBatch} body and returns the acknowledgement. */
  EventBatchAck send(String runId, byte[] eventBatchJson) throws IOException;
}
