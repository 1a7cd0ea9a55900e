package dev.materia.controlplane.events;

import dev.materia.api.RunEvent;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.runs.RunRow;
import dev.materia.controlplane.runs.Runs;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads a run's events for the REST API and the live stream. */
@Singleton
final class RunEventReader {
  static final int MAX_PAGE = 1_000;

  private final Runs runs;
  private final RunEventStore log;

  RunEventReader(Runs runs, RunEventStore log) {
    this.runs = runs;
    this.log = log;
  }

  RunEventPage page(OrgScope scope, String deployment, String id, long after, int limit) {
    if (after < 0) {
      throw ApiException.invalid("after", "after must be 0 or a seq, not " + after);
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw ApiException.invalid("limit", "limit must be 1 to " + MAX_PAGE + ", not " + limit);
    }
    RunRow run = runs.require(scope, deployment, id, false);
    return page(run, after, limit);
  }

  /** The run's id and key for a stream, after the caller's access was checked. */
  RunRow open(OrgScope scope, String deployment, String id) {
    return runs.require(scope, deployment, id, false);
  }

  /** The run as it is now, inside a transaction of its organization. */
  Optional<RunRow> current(UUID orgId, UUID runId) {
    return runs.find(orgId, runId, false);
  }

  RunEventPage page(RunRow run, long after, int limit) {
    List<RunEvent> events =
        log.read(key(run), after, run.contiguousSeq(), EventIngestion.SYSTEM_SEQ_BASE, limit);
    long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
    return new RunEventPage(events, next, run.contiguousSeq());
  }

  /** The same events as {@link #page}, each as the JSON text stored, for the live stream. */
  List<RunEventStore.StoredEvent> stored(RunRow run, long after, int limit) {
    return log.readStored(
        key(run), after, run.contiguousSeq(), EventIngestion.SYSTEM_SEQ_BASE, limit);
  }

  private static RunEventStore.RunKey key(RunRow run) {
    return new RunEventStore.RunKey(run.orgId(), run.id(), run.deploymentId(), run.createdAt());
  }
}
