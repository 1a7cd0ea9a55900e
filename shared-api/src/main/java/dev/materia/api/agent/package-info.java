/**
 * Agent ↔ control plane protocol v1: the records both sides put on the wire.
 *
 * <ul>
 *   <li>{@code GET /api/agent/v1/work?wait=25s} answers a {@link
 *       dev.materia.api.agent.WorkResponse} holding {@link dev.materia.api.agent.WorkItem}s ({@code
 *       load_code_location}, {@code launch_run}, {@code terminate_run}, {@code evaluate_sensor})
 *       and the server-set poll and heartbeat intervals.
 *   <li>{@code POST /api/agent/v1/heartbeat} takes an {@link dev.materia.api.agent.AgentHeartbeat}.
 *   <li>{@code PUT /api/agent/v1/code-locations/{name}/snapshot?deployment=D} takes a {@link
 *       dev.materia.api.snapshot.CodeLocationSnapshot} and answers a {@link
 *       dev.materia.api.agent.SnapshotAck}.
 *   <li>{@code POST /api/agent/v1/runs/{runId}/events} takes an {@link
 *       dev.materia.api.agent.EventBatch} and answers an {@link
 *       dev.materia.api.agent.EventBatchAck}.
 * </ul>
 *
 * <p>Every request carries {@code Authorization: Bearer <token>} and {@code Materia-Protocol: 1}
 * ({@link dev.materia.api.agent.AgentProtocol}). Records check their fields in the constructor, so
 * a malformed body fails while it is read, naming the field.
 */
package dev.materia.api.agent;
