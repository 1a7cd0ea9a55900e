package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What an agent tells the control plane every heartbeat interval: who it is, the code locations it
 * holds with their status and errors, and the runs in hand.
 *
 * <p>After a configured silence the control plane marks the agent down. A stopping agent sends one
 * last heartbeat with {@code stopping} set and the work items it gives back, so they are queued
 * again at once rather than after their lease expires.
 *
 * <p>Example: {@code new AgentHeartbeat("agent-7f3c", "0.1.0", List.of(sales), List.of(run), false,
 * List.of())}.
 *
 * @param agentId stable id of this agent process's installation (kept in its working directory)
 * @param version the agent's software version
 * @param codeLocations every code location the agent holds
 * @param runs every run the agent holds
 * @param stopping whether the agent is shutting down and claims no more work
 * @param releasedWorkItems ids of claimed work items the agent gives back unfinished
 */
@Serdeable
public record AgentHeartbeat(
    String agentId,
    String version,
    List<CodeLocationStatus> codeLocations,
    List<RunInHand> runs,
    boolean stopping,
    List<String> releasedWorkItems) {
  public AgentHeartbeat {
    Fields.required(agentId, "agentId");
    Fields.required(version, "version");
    codeLocations = Fields.list(codeLocations, "codeLocations");
    runs = Fields.list(runs, "runs");
    releasedWorkItems = Fields.list(releasedWorkItems, "releasedWorkItems");
  }
}
