package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepFailed;
import dev.materia.api.StepStarted;
import dev.materia.api.agent.EventBatch;
import dev.materia.api.agent.EventBatchAck;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.auth.AgentCaller;
import dev.materia.controlplane.auth.TokenKind;
import dev.materia.controlplane.queue.QueuedWork;
import dev.materia.controlplane.queue.WorkQueue;
import dev.materia.controlplane.runs.RunRow;
import dev.materia.controlplane.runs.Runs;
import dev.materia.controlplane.tenancy.OrgAccess;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Ingests a run's event batch in one transaction: the events (one COPY of those not stored yet, so
 * idempotent on (run, seq)), the asset index (latest materializations, history, partition status,
 * check results) for the events that were new, the run's status as the events say, and the seq
 * bookkeeping the acknowledgement reports.
 */
@Singleton
public final class EventIngestion {
  private final OrgAccess access;
  private final Runs runs;
  private final EventLog log;
  private final WorkQueue queue;

  EventIngestion(OrgAccess access, Runs runs, EventLog log, WorkQueue queue) {
    this.access = access;
    this.runs = runs;
    this.log = log;
    this.queue = queue;
  }

  /** Stores {@code batch} for run {@code runIdText} as {@code caller}. */
  public EventBatchAck ingest(AgentCaller caller, String runIdText, EventBatch batch) {
    return ingest(caller, runIdText, batch, log.body(batch.events()));
  }

  /**
   * Stores {@code batch} for run {@code runIdText} as {@code caller}; {@code bodyJson} is the body
   * its events were read from, whose {@code events} elements are stored as received.
   */
  EventBatchAck ingest(AgentCaller caller, String runIdText, EventBatch batch, String bodyJson) {
    UUID runId = Runs.parseId(runIdText);
    if (!batch.runId().equals(runIdText)) {
      throw ApiException.invalid(
          "runId", "the batch is for run " + batch.runId() + " but was sent to run " + runIdText);
    }
    return access.inOrg(
        caller,
        scope -> {
          RunRow run = requireRun(caller, runId, true);
          EventLog.RunKey key =
              new EventLog.RunKey(run.orgId(), run.id(), run.deploymentId(), run.createdAt());
          long contiguous = run.contiguousSeq();
          boolean gapsBefore = run.maxSeq() > contiguous;
          NavigableSet<Long> inserted =
              log.append(key, batch.events(), bodyJson, contiguous, run.maxSeq());
          if (!inserted.isEmpty()) {
            follow(run, key, batch.events(), inserted);
          }
          // Without earlier gaps every stored seq above the contiguous one is new in this batch.
          NavigableSet<Long> above =
              gapsBefore
                  ? log.seqsAbove(key, contiguous)
                  : new TreeSet<>(inserted.tailSet(contiguous, false));
          EventSequence.Progress progress = EventSequence.after(contiguous, above);
          runs.sequences(run.orgId(), run.id(), progress.contiguous(), progress.max());
          return new EventBatchAck(runIdText, progress.contiguous(), progress.gaps());
        });
  }

  /**
   * Appends an event the control plane itself writes (the agent monitor's failure), at the seq
   * after the highest stored, and moves the run. Call inside the run's tenant transaction.
   */
  public void appendSystemFinish(RunRow run, String message) {
    EventLog.RunKey key =
        new EventLog.RunKey(run.orgId(), run.id(), run.deploymentId(), run.createdAt());
    long seq = run.maxSeq() + 1; // after everything the agent shipped so far
    RunFinished finished =
        new RunFinished(
            run.id().toString(),
            seq,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            RunStatus.FAILURE,
            run.startedAt() == null
                ? 0
                : Math.max(0, Instant.now().toEpochMilli() - run.startedAt().toEpochMilli()),
            message);
    List<RunEvent> events = List.of(finished);
    log.append(key, events, log.body(events), run.contiguousSeq(), run.maxSeq());
    runs.move(run, RunStatus.FAILURE, message);
    NavigableSet<Long> above = log.seqsAbove(key, run.contiguousSeq());
    EventSequence.Progress progress = EventSequence.after(run.contiguousSeq(), above);
    runs.sequences(run.orgId(), run.id(), progress.contiguous(), progress.max());
  }

  /**
   * The run a caller may ship or read events of: a run token only its own run (403 for another of
   * its organization), an agent token only runs of its deployments (404 otherwise).
   */
  RunRow requireRun(AgentCaller caller, UUID runId, boolean forUpdate) {
    if (caller.kind() == TokenKind.RUN && !runId.equals(caller.runId())) {
      throw ApiException.forbidden(
          "wrong_run", "this run token is for run " + caller.runId() + ", not " + runId);
    }
    return runs.find(caller.orgId(), runId, forUpdate)
        .filter(r -> caller.mayUse(r.deploymentId()))
        .orElseThrow(() -> ApiException.notFound("no run " + runId + " for this token"));
  }

  /** Applies the new events to the asset index and the run's status, in seq order. */
  private void follow(
      RunRow run, EventLog.RunKey key, List<RunEvent> events, NavigableSet<Long> inserted) {
    Map<String, StepStarted> started = new HashMap<>();
    RunStatus target = null;
    String message = null;
    try (EventLog.IndexBatch index = log.index(key)) {
      for (RunEvent event : events) {
        if (!inserted.contains(event.seq())) {
          continue;
        }
        switch (event) {
          case StepStarted e -> {
            started.put(e.stepKey(), e);
            index.partition(e.assetKey(), e.partitionKey(), "in_progress", e.timestamp());
          }
          case AssetMaterialized e -> index.materialized(e);
          case CheckEvaluated e -> index.checked(e);
          case StepFailed e -> {
            StepStarted step = started.get(e.stepKey());
            if (step == null) {
              step = log.stepStarted(key, e.stepKey()).orElse(null);
            }
            if (step != null) {
              index.partition(step.assetKey(), step.partitionKey(), "failed", e.timestamp());
            }
          }
          case RunStarted e -> {
            if (target == null) {
              target = RunStatus.STARTED;
            }
          }
          case RunFinished e -> {
            target = e.status();
            message = e.message();
          }
          default -> {}
        }
      }
      index.flush();
    } catch (SQLException e) {
      throw new IllegalStateException("updating the asset index of run " + run.id() + " failed", e);
    }
    if (run.status() == RunStatus.QUEUED || run.status() == RunStatus.STARTING) {
      // The agent has the run: its launch is done.
      queue.completeForRun(run.orgId(), run.id(), QueuedWork.LAUNCH);
      if (target == null) {
        target = RunStatus.STARTED;
      }
    }
    if (target != null) {
      if (target.isTerminal() && run.status() == RunStatus.QUEUED) {
        runs.move(run, RunStatus.STARTED, null);
        run = runs.find(run.orgId(), run.id(), false).orElseThrow();
      }
      runs.move(run, target, message);
    } else {
      runs.heard(run.orgId(), List.of(run.id()));
    }
  }
}
