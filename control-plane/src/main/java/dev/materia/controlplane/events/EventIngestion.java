package dev.materia.controlplane.events;

import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStatus;
import dev.materia.api.StepStarted;
import dev.materia.api.agent.EventBatch;
import dev.materia.api.agent.EventBatchAck;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.assets.MaterializationIndex;
import dev.materia.controlplane.auth.RunTokenWindow;
import dev.materia.controlplane.queue.QueuedWork;
import dev.materia.controlplane.queue.WorkQueue;
import dev.materia.controlplane.runs.RunRow;
import dev.materia.controlplane.runs.Runs;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Ingests a run's event batch in one transaction: the events (one {@code INSERT} of those not
 * stored yet, so idempotent on (run, seq)), the asset index ({@link MaterializationIndex}) for the
 * events that were new, the run's status as they say ({@link RunProgress}), and the seq bookkeeping
 * the acknowledgement reports.
 */
@Singleton
public final class EventIngestion {
  private final TenantTransactions transactions;
  private final Runs runs;
  private final RunEventStore log;
  private final WorkQueue queue;
  private final RunTokenWindow runTokenWindow;
  private final EventTimes times;
  private final MaterializationIndex index;

  EventIngestion(
      TenantTransactions transactions,
      Runs runs,
      RunEventStore log,
      WorkQueue queue,
      RunTokenWindow runTokenWindow,
      EventTimes times,
      MaterializationIndex index) {
    this.transactions = transactions;
    this.runs = runs;
    this.log = log;
    this.queue = queue;
    this.runTokenWindow = runTokenWindow;
    this.times = times;
    this.index = index;
  }

  /**
   * Seqs from here up are the control plane's own events (such as the agent monitor's failure of a
   * silent run), so they never take a seq the agent will still send. Below 2^53, so JavaScript
   * reads them exactly. Agent batches may not use them.
   */
  public static final long SYSTEM_SEQ_BASE = 1_000_000_000_000_000L;

  /** Stores {@code batch} for run {@code runIdText} as {@code caller}. */
  public EventBatchAck ingest(AgentCaller caller, String runIdText, EventBatch batch) {
    return ingest(caller, runIdText, batch, log.texts(batch.events()));
  }

  /**
   * Stores {@code batch} for run {@code runIdText} as {@code caller}; {@code texts.get(i)} is the
   * JSON text event {@code i} was read from, stored as received.
   */
  EventBatchAck ingest(
      AgentCaller caller, String runIdText, EventBatch batch, List<String> received) {
    UUID runId = Runs.parseId(runIdText);
    if (!batch.runId().equals(runIdText)) {
      throw ApiException.invalid(
          "runId", "the batch is for run " + batch.runId() + " but was sent to run " + runIdText);
    }
    RunEvent last = batch.events().getLast(); // seqs ascend, so only the last can be too high
    if (last.seq() >= SYSTEM_SEQ_BASE) {
      String field = "events[" + (batch.events().size() - 1) + "].seq";
      throw ApiException.invalid(
          field, field + " must be below " + SYSTEM_SEQ_BASE + " (kept for the control plane)");
    }
    // The token names the organization and the run row decides the rest (404 when it is not the
    // token's), so the batch needs no organization lookup of its own. The acknowledgement promises
    // the agent that it may forget these events, so the commit is synchronous (runDurably).
    return transactions.runDurably(
        TenantContext.org(caller.orgId(), null),
        () -> {
          RunRow run = requireRun(caller, runId, true);
          requireInPlan(run, batch.events());
          EventTimes.Batch stored = times.clamp(run.createdAt(), batch.events(), received);
          List<RunEvent> events = stored.events();
          List<String> texts = stored.texts();
          RunEventStore.RunKey key =
              new RunEventStore.RunKey(run.orgId(), run.id(), run.deploymentId(), run.createdAt());
          long contiguous = run.contiguousSeq();
          long[] inserted = log.append(key, events, texts, contiguous, run.maxSeq());
          if (inserted.length > 0) {
            follow(run, key, events, inserted);
          }
          // Without earlier gaps every stored seq above the contiguous one is new in this batch.
          long[] above =
              run.maxSeq() > contiguous
                  ? log.seqsBetween(key, contiguous, SYSTEM_SEQ_BASE)
                  : above(inserted, contiguous);
          EventSequence.Progress progress = EventSequence.after(contiguous, above);
          runs.sequences(
              run.orgId(),
              run.id(),
              progress.contiguous(),
              progress.max(),
              progress.contiguous() > contiguous);
          return new EventBatchAck(runIdText, progress.contiguous(), progress.gaps());
        });
  }

  private static long[] above(long[] ascending, long contiguous) {
    int from = 0;
    while (from < ascending.length && ascending[from] <= contiguous) {
      from++;
    }
    return from == 0 ? ascending : java.util.Arrays.copyOfRange(ascending, from, ascending.length);
  }

  /**
   * Appends an event the control plane itself writes (the agent monitor's failure) at the next seq
   * of its own range ({@link #SYSTEM_SEQ_BASE}), and moves the run. Call inside the run's tenant
   * transaction.
   */
  public void appendSystemFinish(RunRow run, String message) {
    RunEventStore.RunKey key =
        new RunEventStore.RunKey(run.orgId(), run.id(), run.deploymentId(), run.createdAt());
    long[] system = log.seqsBetween(key, SYSTEM_SEQ_BASE - 1, Long.MAX_VALUE);
    long seq = system.length == 0 ? SYSTEM_SEQ_BASE : system[system.length - 1] + 1;
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
    log.append(key, events, log.texts(events), seq - 1, seq - 1);
    runs.move(run, RunStatus.FAILURE, message);
    index.settle(
        new MaterializationIndex.IndexedRun(run.orgId(), run.deploymentId(), run.id()),
        RunStatus.FAILURE);
  }

  /**
   * The run a caller may ship or read events of: a run token only its own run (403 for another of
   * its organization) while it is live or within the grace after it ended ({@link RunTokenWindow},
   * 403 after), an agent token only runs of its deployments (404 otherwise).
   */
  RunRow requireRun(AgentCaller caller, UUID runId, boolean forUpdate) {
    if (caller.kind() == TokenKind.RUN && !runId.equals(caller.runId())) {
      throw ApiException.forbidden(
          "wrong_run", "this run token is for run " + caller.runId() + ", not " + runId);
    }
    RunRow run =
        runs.find(caller.orgId(), runId, forUpdate)
            .filter(r -> caller.mayUse(r.deploymentId()))
            .orElseThrow(() -> ApiException.notFound("no run " + runId + " for this token"));
    runTokenWindow.require(caller, run.id(), run.status(), run.finishedAt());
    return run;
  }

  /** Refuses the whole batch when an event names an asset, check or step outside the run's plan. */
  private static void requireInPlan(RunRow run, List<RunEvent> events) {
    RunPlan.of(run.assetKeys())
        .firstOutside(events)
        .ifPresent(
            outside -> {
              throw ApiException.forbidden(
                  "outside_run_plan",
                  outside.field(),
                  outside.field()
                      + " '"
                      + (outside.value().length() > 200
                          ? outside.value().substring(0, 197) + "..."
                          : outside.value())
                      + "' is not in the plan of run "
                      + run.id()
                      + ", which holds "
                      + (run.assetKeys().size() > 20
                          ? run.assetKeys().size() + " assets"
                          : run.assetKeys())
                      + " and their checks");
            });
  }

  /** Applies the new events to the asset index and the run's status, in seq order. */
  private void follow(
      RunRow run, RunEventStore.RunKey key, List<RunEvent> events, long[] inserted) {
    List<RunEvent> fresh = among(events, inserted);
    Map<String, StepStarted> earlierStarts = new HashMap<>();
    for (String stepKey : RunProgress.stepsStartedEarlier(fresh)) {
      log.stepStarted(key, stepKey).ifPresent(s -> earlierStarts.put(stepKey, s));
    }
    RunProgress progress =
        RunProgress.of(run.status(), run.startedAt() != null, fresh, earlierStarts);
    MaterializationIndex.IndexedRun indexed =
        new MaterializationIndex.IndexedRun(run.orgId(), run.deploymentId(), run.id());
    index.write(indexed, progress.materializations(), progress.partitions(), progress.checks());
    if (progress.launchTaken()) {
      queue.completeForRun(run.orgId(), run.id(), QueuedWork.LAUNCH);
    }
    for (int i = 0; i < progress.moves().size(); i++) {
      RunProgress.Move move = progress.moves().get(i);
      RunRow current = i == 0 ? run : runs.find(run.orgId(), run.id(), false).orElseThrow();
      runs.move(current, move.status(), move.message(), move.at());
    }
    // A run that has ended (now, or before events its agent ships late) leaves nothing in progress.
    RunStatus end = progress.moves().isEmpty() ? run.status() : progress.moves().getLast().status();
    if (end.isTerminal()) {
      index.settle(indexed, end);
    }
    // the run is marked heard from by the seq bookkeeping after the batch
  }

  /** The events whose seqs are in {@code seqs}; both ascend by seq. */
  private static List<RunEvent> among(List<RunEvent> events, long[] seqs) {
    List<RunEvent> found = new java.util.ArrayList<>(seqs.length);
    int next = 0;
    for (RunEvent event : events) {
      if (next < seqs.length && seqs[next] == event.seq()) {
        found.add(event);
        next++;
      }
    }
    return found;
  }
}
