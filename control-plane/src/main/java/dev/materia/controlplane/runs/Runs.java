package dev.materia.controlplane.runs;

import dev.materia.api.RunStatus;
import dev.materia.api.agent.RunStage;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.Cursors;
import dev.materia.controlplane.assets.ResolvedSelection;
import dev.materia.controlplane.assets.SelectionGraph;
import dev.materia.controlplane.audit.AuditLog;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.deployments.Deployments;
import dev.materia.controlplane.queue.QueuedWork;
import dev.materia.controlplane.queue.WorkQueue;
import dev.materia.controlplane.signals.Signals;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs of a deployment: launch (queued as a {@code launch_run} work item), list, read, cancel, and
 * the status moves the queue, ingestion and the agent monitor make. Every method runs inside the
 * organization's tenant transaction.
 */
@Singleton
public final class Runs {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$");

  private final RunRepository repository;
  private final Deployments deployments;
  private final WorkQueue queue;
  private final Signals signals;
  private final AuditLog audit;
  private final EventPartitions eventPartitions;
  private final SelectionGraph selections;
  private final LaunchPartitions launchPartitions = new LaunchPartitions(Clock.systemUTC());
  private final RunClock clock;

  Runs(
      RunRepository repository,
      Deployments deployments,
      WorkQueue queue,
      Signals signals,
      AuditLog audit,
      EventPartitions eventPartitions,
      SelectionGraph selections,
      @Property(name = "materia.runs.clock-skew", defaultValue = "1m") Duration clockSkew) {
    this.clock = new RunClock(clockSkew);
    this.repository = repository;
    this.deployments = deployments;
    this.queue = queue;
    this.signals = signals;
    this.audit = audit;
    this.eventPartitions = eventPartitions;
    this.selections = selections;
  }

  /** What times of a run's events the server believes ({@code materia.runs.clock-skew}). */
  public RunClock clock() {
    return clock;
  }

  /** Checks the request, stores the run QUEUED, queues its launch and audits it. */
  public Run launch(OrgScope scope, String deploymentName, LaunchRequest request) {
    Deployment deployment = deployments.require(scope, deploymentName);
    if (request == null) {
      throw ApiException.invalid("selection", "the body is required: {\"selection\": \"key+\"}");
    }
    String selection = request.selection() == null ? null : request.selection().trim();
    ResolvedSelection resolved = selections.resolveSelection(scope, deployment, selection);
    String codeLocation =
        codeLocation(request.codeLocation(), resolved.codeLocations(), scope, deployment, resolved);
    String partitionKey = optionalText(request.partitionKey(), "partitionKey");
    String first = null;
    String last = null;
    if (request.partitionRange() != null) {
      if (partitionKey != null) {
        throw ApiException.invalid(
            "partitionRange", "set partitionKey or partitionRange, not both");
      }
      first = requireText(request.partitionRange().first(), "partitionRange.first");
      last = requireText(request.partitionRange().last(), "partitionRange.last");
    }
    launchPartitions.check(resolved.assetKeys(), resolved.partitions(), partitionKey, first, last);
    Map<String, String> tags = checkTags(request.tags());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    RunRow row =
        new RunRow(
            UUID.randomUUID(),
            scope.orgId(),
            deployment.id(),
            deployment.name(),
            codeLocation,
            selection,
            partitionKey,
            first,
            last,
            tags,
            resolved.assetKeys(),
            RunStatus.QUEUED,
            null,
            now,
            scope.userId(),
            null,
            null,
            null,
            null,
            0,
            0);
    eventPartitions.ensureFor(now);
    repository.insert(row);
    queue.enqueue(scope.orgId(), deployment.id(), QueuedWork.LAUNCH, row.id(), Map.of());
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("deployment", deployment.name());
    detail.put("selection", selection);
    detail.put("codeLocation", codeLocation);
    if (partitionKey != null) {
      detail.put("partitionKey", partitionKey);
    }
    audit.record(scope.orgId(), scope.actor(), "run.launch", row.id().toString(), detail);
    return Run.of(row);
  }

  /**
   * The stages of a run whose assets span code locations, in dependency order, against the
   * deployment's latest snapshots; empty for a run of one code location.
   */
  public List<RunStage> stages(OrgScope scope, RunRow run) {
    return selections.stages(scope, run.deploymentId(), run.assetKeys()).stream()
        .map(stage -> new RunStage(stage.codeLocation(), null, stage.assetKeys()))
        .toList();
  }

  /** One page of the deployment's runs, newest first, filtered. */
  public RunPage list(OrgScope scope, String deploymentName, RunQuery query) {
    Deployment deployment = deployments.require(scope, deploymentName);
    List<RunRow> rows =
        repository.page(
            scope.orgId(),
            deployment.id(),
            query.statuses(),
            query.tag(),
            query.createdAfter(),
            query.createdBefore(),
            query.beforeAt(),
            query.beforeId(),
            query.limit() + 1);
    Cursors.Page<RunRow> page =
        Cursors.page(rows, query.limit(), row -> row.createdAt() + "/" + row.id());
    return new RunPage(page.items().stream().map(Run::of).toList(), page.nextCursor());
  }

  public Run get(OrgScope scope, String deploymentName, String id) {
    return Run.of(require(scope, deploymentName, id, false));
  }

  /**
   * Cancels a run: a queued run ends CANCELED at once; a starting or started run gets a {@code
   * terminate_run} item for its agent. A finished run is 409.
   */
  public Run cancel(OrgScope scope, String deploymentName, String id) {
    RunRow run = require(scope, deploymentName, id, true);
    if (run.status().isTerminal()) {
      throw ApiException.conflict(
          "status", "run " + id + " already ended " + run.status() + "; nothing to cancel");
    }
    String reason = "canceled by " + canceler(scope);
    if (run.status() == RunStatus.QUEUED) {
      queue.completeForRun(scope.orgId(), run.id(), QueuedWork.LAUNCH);
      move(run, RunStatus.CANCELED, reason);
    } else if (run.cancelRequestedAt() == null) {
      repository.requestCancel(scope.orgId(), run.id());
      queue.enqueue(
          scope.orgId(),
          run.deploymentId(),
          QueuedWork.TERMINATE,
          run.id(),
          Map.of("reason", reason));
      signals.run(run.id());
    }
    audit.record(
        scope.orgId(),
        scope.actor(),
        "run.cancel",
        run.id().toString(),
        Map.of("deployment", run.deployment(), "status", run.status().name()));
    return Run.of(repository.find(scope.orgId(), run.id(), false).orElseThrow());
  }

  /** Who cancels, as people read it in the run's message: the person's name, else their email. */
  private String canceler(OrgScope scope) {
    if (scope.userId() == null) {
      return "the system";
    }
    return repository.memberName(scope.orgId(), scope.userId()).orElse("user " + scope.userId());
  }

  /** The run, locked when {@code forUpdate}; empty when it is not this organization's. */
  public Optional<RunRow> find(UUID orgId, UUID runId, boolean forUpdate) {
    return repository.find(orgId, runId, forUpdate);
  }

  /**
   * The run locked, or empty when it is gone or another transaction (such as an event batch) holds
   * it; for the sweeper, which holds work items and must not wait for a run in turn.
   */
  public Optional<RunRow> lockIfFree(UUID orgId, UUID runId) {
    return repository.lockIfFree(orgId, runId);
  }

  /** What becomes of a launch its agent let go of: a lease that ran out, or a launch given back. */
  public enum LetGo {
    /** The run had not begun and is QUEUED again: queue the launch again. */
    REQUEUE,
    /** The run has begun, finished or is gone: the launch is done. */
    DONE,
    /** An event batch holds the run: look again later. */
    HELD
  }

  /**
   * Decides for the launch of {@code runId} whose agent let go of it, moving a run that had not
   * begun back to QUEUED with {@code reason}. Never waits for the run, since the caller holds the
   * work item and a batch locks the run, then its work items.
   */
  public LetGo launchLetGo(UUID orgId, UUID runId, String reason) {
    RunRow run = repository.lockIfFree(orgId, runId).orElse(null);
    if (run == null) {
      return repository.find(orgId, runId, false).isPresent() ? LetGo.HELD : LetGo.DONE;
    }
    if (run.status() != RunStatus.STARTING) {
      return LetGo.DONE;
    }
    move(run, RunStatus.QUEUED, reason);
    return LetGo.REQUEUE;
  }

  /**
   * Moves the run to {@code to} when the status machine allows it, stamping start and finish with
   * the server's clock, and wakes the run's event streams; returns whether it moved.
   */
  public boolean move(RunRow run, RunStatus to, @Nullable String message) {
    return move(run, to, message, null);
  }

  /**
   * Moves the run to {@code to} as {@link #move(RunRow, RunStatus, String)} does, stamping start
   * and finish with {@code at}, when the run's events say it happened ({@link RunClock} keeps it
   * within the server's clock), or the server's clock when null. A finish is never before the
   * start.
   */
  public boolean move(RunRow run, RunStatus to, @Nullable String message, @Nullable Instant at) {
    if (run.status() == to || !RunStatusMachine.allows(run.status(), to)) {
      return false;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Instant when = at == null ? now : clock.clamp(at, run.createdAt(), now);
    Instant startedAt = null;
    Instant finishedAt = null;
    if (to == RunStatus.STARTED || to.isTerminal()) {
      startedAt = run.startedAt() == null ? when : run.startedAt();
    }
    if (to.isTerminal()) {
      finishedAt = when.isBefore(startedAt) ? startedAt : when;
    }
    repository.updateStatus(run.orgId(), run.id(), to, message, startedAt, finishedAt);
    if (to.isTerminal()) {
      queue.completeForRun(run.orgId(), run.id(), QueuedWork.LAUNCH, QueuedWork.TERMINATE);
    }
    signals.run(run.id());
    return true;
  }

  /** Records that the run's agent spoke of it (a heartbeat, events). */
  public void heard(UUID orgId, Collection<UUID> runIds) {
    repository.heard(orgId, runIds);
  }

  /** Those of {@code runIds} that belong to {@code deploymentIds}, such as an agent token's. */
  public Set<UUID> inDeployments(
      UUID orgId, Collection<UUID> deploymentIds, Collection<UUID> runIds) {
    return repository.inDeployments(orgId, deploymentIds, runIds);
  }

  /**
   * Stores the run's event bookkeeping after a batch and that the run was heard from; with {@code
   * wake}, the same statement wakes the run's event streams (new events are readable).
   */
  public void sequences(UUID orgId, UUID runId, long contiguousSeq, long maxSeq, boolean wake) {
    repository.sequences(orgId, runId, contiguousSeq, maxSeq, wake);
  }

  /**
   * Live runs nobody heard from for longer than {@code silence} by the database's clock, blind
   * spells left out (V46), locked (skip locked) for the agent monitor.
   */
  public List<RunRow> silent(UUID orgId, java.time.Duration silence) {
    return repository.silent(orgId, silence);
  }

  /** The run in the deployment, or 404; agents and users see the same refusal for others'. */
  public RunRow require(OrgScope scope, String deploymentName, String id, boolean forUpdate) {
    Deployment deployment = deployments.require(scope, deploymentName);
    UUID runId = parseId(id);
    return repository
        .find(scope.orgId(), runId, forUpdate)
        .filter(r -> r.deploymentId().equals(deployment.id()))
        .orElseThrow(() -> notFound(id, deploymentName));
  }

  /** A run id from a path, or 404 when it is no UUID. */
  public static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("no run " + id);
    }
  }

  private static ApiException notFound(String id, String deployment) {
    return ApiException.notFound(
        "no run " + id + " in deployment " + deployment + "; list them at GET .../runs");
  }

  /**
   * The code location the run is for: the one named, which must hold some of the selected assets,
   * or the one holding them all when none is named. A selection spanning code locations is one run
   * planned per location (the dispatcher sends the stages); its code location is then the last
   * stage's, where the selection's downstream-most assets are, unless one is named.
   */
  private String codeLocation(
      @Nullable String named,
      Set<String> holding,
      OrgScope scope,
      Deployment deployment,
      ResolvedSelection resolved) {
    if (named == null || named.isBlank()) {
      if (holding.size() == 1) {
        return holding.iterator().next();
      }
      var stages = selections.stages(scope, deployment.id(), resolved.assetKeys());
      if (stages.isEmpty()) {
        return new java.util.TreeSet<>(holding).last();
      }
      return stages.getLast().codeLocation();
    }
    String checked = requireName(named, "codeLocation");
    if (!holding.contains(checked)) {
      throw ApiException.invalid(
          "codeLocation",
          "code location '"
              + checked
              + "' does not hold the selected assets; they are in "
              + new java.util.TreeSet<>(holding));
    }
    return checked;
  }

  private static String requireName(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(
          field, field + " is required: the code location holding the assets, such as sales");
    }
    if (!NAME.matcher(value).matches()) {
      throw ApiException.invalid(
          field, field + " '" + value + "' is not a code location name (letters, digits, _ . -)");
    }
    return value;
  }

  private static @Nullable String optionalText(@Nullable String value, String field) {
    if (value == null) {
      return null;
    }
    return requireText(value, field);
  }

  private static String requireText(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(field, field + " is required and must not be blank");
    }
    if (value.length() > 1_000) {
      throw ApiException.invalid(field, field + " is longer than 1000 characters");
    }
    return value;
  }

  private static Map<String, String> checkTags(@Nullable Map<String, String> tags) {
    if (tags == null) {
      return Map.of();
    }
    if (tags.size() > 50) {
      throw ApiException.invalid("tags", "at most 50 tags, not " + tags.size());
    }
    List<String> bad = new ArrayList<>();
    tags.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || k.length() > 200 || v == null || v.length() > 1_000) {
            bad.add(String.valueOf(k));
          }
        });
    if (!bad.isEmpty()) {
      throw ApiException.invalid(
          "tags", "tags " + bad + " need a key of 1-200 characters and a value up to 1000");
    }
    return Map.copyOf(tags);
  }
}
