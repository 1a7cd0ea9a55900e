package dev.materia.controlplane.codelocations;

import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.controlplane.access.OrgScope;
import java.util.UUID;

/**
 * Tells the agents of a deployment to load a code location: the port to the work queue. Called
 * inside the tenant transaction that registers the location, so the work item commits with it.
 */
public interface CodeLocationLoadRequests {
  /** Queues {@code item} for the agents of {@code deploymentId}. */
  void request(OrgScope scope, UUID deploymentId, LoadCodeLocation item);
}
