package dev.materia.controlplane.access;

import io.micronaut.core.annotation.Nullable;
import java.util.Set;
import java.util.UUID;

/**
 * An agent ({@code mta_} token) or a run worker ({@code mtr_} token) on the agent protocol. It may
 * act only on the deployments its token names: an empty set means nothing (default deny).
 *
 * @param runId the one run a run token is for; null for agent tokens
 */
public record AgentCaller(
    UUID orgId,
    UUID tokenId,
    TokenKind kind,
    Set<UUID> deploymentIds,
    @Nullable UUID runId,
    String ip)
    implements Caller {

  public boolean mayUse(UUID deploymentId) {
    return deploymentIds.contains(deploymentId);
  }

  @Override
  public String getName() {
    return kind.prefix() + tokenId;
  }
}
