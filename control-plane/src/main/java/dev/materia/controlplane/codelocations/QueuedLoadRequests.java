package dev.materia.controlplane.codelocations;

import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.queue.WorkQueue;
import jakarta.inject.Singleton;
import java.util.UUID;

/** Load requests as {@code load_code_location} work items, committed with the registration. */
@Singleton
final class QueuedLoadRequests implements CodeLocationLoadRequests {
  private final WorkQueue queue;

  QueuedLoadRequests(WorkQueue queue) {
    this.queue = queue;
  }

  @Override
  public void request(OrgScope scope, UUID deploymentId, LoadCodeLocation item) {
    queue.enqueueLoadCodeLocation(scope, deploymentId, item);
  }
}
