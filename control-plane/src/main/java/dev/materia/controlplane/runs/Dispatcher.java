package dev.materia.controlplane.runs;

import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.api.agent.PartitionRange;
import dev.materia.api.agent.RunStage;
import dev.materia.api.agent.TerminateRun;
import dev.materia.api.agent.WorkItem;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.auth.Tokens;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.deployments.Deployments;
import dev.materia.controlplane.queue.QueuedWork;
import dev.materia.controlplane.queue.WorkQueue;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns claimed work items into their wire records: a launch moves its run to STARTING and carries
 * a fresh run token; a terminate carries the reason; a load carries the location.
 */
@Singleton
public final class Dispatcher {
  /** Items handed out per poll at most. */
  static final int MAX_ITEMS = 10;

  private final OrgAccess access;
  private final WorkQueue queue;
  private final Runs runs;
  private final Tokens tokens;
  private final Deployments deployments;
  private final Duration lease;
  private final Duration runTokenTtl;

  Dispatcher(
      OrgAccess access,
      WorkQueue queue,
      Runs runs,
      Tokens tokens,
      Deployments deployments,
      @Value("${materia.queue.lease:60s}") Duration lease,
      @Value("${materia.runs.token-ttl:2d}") Duration runTokenTtl) {
    this.access = access;
    this.queue = queue;
    this.runs = runs;
    this.tokens = tokens;
    this.deployments = deployments;
    this.lease = lease;
    this.runTokenTtl = runTokenTtl;
  }

  public Duration lease() {
    return lease;
  }

  /** Claims the caller's deployments' queued work in one transaction; empty when there is none. */
  public List<WorkItem> claim(AgentCaller caller) {
    return access.inOrg(caller, scope -> claim(scope, caller));
  }

  /**
   * Gives items claimed for {@code caller} back to the queue at once (the poll they were claimed
   * for has gone), so the next poll takes them instead of waiting out the lease.
   */
  public void release(AgentCaller caller, List<WorkItem> items) {
    List<UUID> ids = items.stream().map(item -> UUID.fromString(item.id())).toList();
    access.inOrg(
        caller,
        scope -> {
          giveBack(scope.orgId(), caller.tokenId(), ids, "the agent's poll hung up; queued again");
          return null;
        });
  }

  /**
   * Puts items {@code tokenId} holds back in the queue at once, in the open tenant transaction: a
   * launch whose run had not begun moves the run back to QUEUED, as when a lease runs out.
   */
  public void giveBack(UUID orgId, UUID tokenId, Collection<UUID> ids, String reason) {
    for (QueuedWork item : queue.release(orgId, tokenId, ids)) {
      if (QueuedWork.LAUNCH.equals(item.kind())
          && item.runId() != null
          && runs.launchLetGo(orgId, item.runId(), reason) == Runs.LetGo.DONE) {
        queue.complete(orgId, item.id());
      }
    }
  }

  private List<WorkItem> claim(OrgScope scope, AgentCaller caller) {
    List<QueuedWork> claimed =
        queue.claim(scope.orgId(), caller.deploymentIds(), caller.tokenId(), lease, MAX_ITEMS);
    if (claimed.isEmpty()) {
      return List.of();
    }
    Map<UUID, String> names =
        deployments.list(scope).stream()
            .collect(Collectors.toMap(Deployment::id, Deployment::name, (a, b) -> a));
    List<WorkItem> items = new ArrayList<>();
    for (QueuedWork work : claimed) {
      toWire(scope, work, names::get).ifPresent(items::add);
    }
    return items;
  }

  private Optional<WorkItem> toWire(
      OrgScope scope, QueuedWork work, Function<UUID, String> deploymentName) {
    String id = work.id().toString();
    String deployment = deploymentName.apply(work.deploymentId());
    switch (work.kind()) {
      case QueuedWork.LAUNCH -> {
        // The item is locked already, so the run is not waited for: a batch of the run holds the
        // run, then completes its launch (run, then work items). Put the item back for it.
        RunRow run = runs.lockIfFree(scope.orgId(), work.runId()).orElse(null);
        if (run == null && runs.find(scope.orgId(), work.runId(), false).isPresent()) {
          queue.requeue(work);
          return Optional.empty();
        }
        if (run == null || run.status().isTerminal() || run.cancelRequestedAt() != null) {
          queue.complete(scope.orgId(), work.id());
          return Optional.empty();
        }
        runs.move(run, RunStatus.STARTING, null);
        runs.heard(scope.orgId(), List.of(run.id()));
        String token =
            tokens.issueRunToken(scope.orgId(), run.deploymentId(), run.id(), runTokenTtl);
        // A selection spanning code locations goes out as stages, one location's part each.
        List<RunStage> stages = runs.stages(scope, run);
        return Optional.of(
            new LaunchRun(
                id,
                run.id().toString(),
                deployment,
                run.codeLocation(),
                null,
                run.selection(),
                run.partitionKey(),
                run.partitionRangeFirst() == null
                    ? null
                    : new PartitionRange(run.partitionRangeFirst(), run.partitionRangeLast()),
                run.tags(),
                token,
                stages));
      }
      case QueuedWork.TERMINATE -> {
        return Optional.of(
            new TerminateRun(
                id, work.runId().toString(), String.valueOf(work.payload().get("reason"))));
      }
      case QueuedWork.LOAD -> {
        return Optional.of(
            new LoadCodeLocation(
                id,
                deployment,
                String.valueOf(work.payload().get("name")),
                String.valueOf(work.payload().get("version")),
                String.valueOf(work.payload().get("artifact"))));
      }
      default -> throw new IllegalStateException("unknown work kind " + work.kind());
    }
  }
}
