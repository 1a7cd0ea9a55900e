package dev.materia.controlplane.agents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.materia.api.agent.CodeLocationStatus;
import dev.materia.api.agent.RunInHand;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An agent as the console shows it, from its last heartbeat.
 *
 * @param agentId the installation's id, from its heartbeats
 * @param tokenId the agent token it last used
 * @param status {@code up}, {@code stopped} (said goodbye) or {@code down} (silent too long)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AgentView(
    String agentId,
    UUID tokenId,
    String version,
    String status,
    Instant firstSeenAt,
    Instant lastSeenAt,
    List<CodeLocationStatus> codeLocations,
    List<RunInHand> runs) {}
