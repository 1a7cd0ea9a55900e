package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepFailed;
import dev.materia.api.StepStarted;
import dev.materia.controlplane.assets.MaterializationIndex.PartitionStatus;
import dev.materia.controlplane.assets.MaterializationIndex.PartitionUpdate;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch's new events mean, read in seq order: the run's status moves and the asset index's
 * updates. Pure; the starts of steps that failed in this batch but started in an earlier one are
 * looked up by the caller ({@link #stepsStartedEarlier}) and passed in.
 *
 * @param launchTaken the run was queued or starting, so the agent's events mean its launch is done
 * @param moves the run's status changes, in order (a run that ends before it was seen starting
 *     moves to STARTED first)
 * @param partitions partition status changes in seq order; a later one for the same partition wins.
 *     Only an asset's own step moves its state (its check steps never do); an unpartitioned asset's
 *     state is under partition key {@code ''}
 */
record RunProgress(
    boolean launchTaken,
    List<Move> moves,
    List<AssetMaterialized> materializations,
    List<CheckEvaluated> checks,
    List<PartitionUpdate> partitions) {

  /** A status the run moves to, why, and when by the agent's clock. */
  record Move(RunStatus status, @Nullable String message, @Nullable Instant at) {}

  /**
   * Step keys of the failures in {@code events} whose {@code step_started} does not come before
   * them in {@code events}, so it is in an earlier batch.
   */
  static Set<String> stepsStartedEarlier(List<RunEvent> events) {
    Set<String> started = new java.util.HashSet<>();
    Set<String> earlier = new LinkedHashSet<>();
    for (RunEvent event : events) {
      if (event instanceof StepStarted e) {
        started.add(e.stepKey());
      } else if (event instanceof StepFailed e && !started.contains(e.stepKey())) {
        earlier.add(e.stepKey());
      }
    }
    return earlier;
  }

  /**
   * @param status the run's status before these events
   * @param startedBefore whether the run's row already has a start time
   * @param events the events new in this batch, ascending by seq (not empty)
   * @param earlierStarts the latest {@code step_started} of each of {@link #stepsStartedEarlier}
   *     that has one
   */
  static RunProgress of(
      RunStatus status,
      boolean startedBefore,
      List<RunEvent> events,
      Map<String, StepStarted> earlierStarts) {
    Map<String, StepStarted> started = new HashMap<>();
    List<AssetMaterialized> materializations = new ArrayList<>();
    List<CheckEvaluated> checks = new ArrayList<>();
    List<PartitionUpdate> partitions = new ArrayList<>();
    RunStatus target = null;
    String message = null;
    Instant startedAt = null; // when the run began and ended, by the agent's own clock
    Instant finishedAt = null;
    for (RunEvent event : events) {
      if (startedAt == null) {
        startedAt = event.timestamp();
      }
      switch (event) {
        case StepStarted e -> {
          started.put(e.stepKey(), e);
          ownStep(partitions, e, PartitionStatus.IN_PROGRESS, e.timestamp());
        }
        case AssetMaterialized e -> {
          materializations.add(e);
          partition(
              partitions,
              e.assetKey(),
              e.partitionKey(),
              PartitionStatus.MATERIALIZED,
              e.timestamp());
        }
        case CheckEvaluated e -> checks.add(e);
        case StepFailed e -> {
          StepStarted step = started.get(e.stepKey());
          if (step == null) {
            step = earlierStarts.get(e.stepKey());
          }
          if (step != null) {
            ownStep(partitions, step, PartitionStatus.FAILED, e.timestamp());
          }
        }
        case RunStarted e -> {
          startedAt = e.timestamp();
          if (target == null) {
            target = RunStatus.STARTED;
          }
        }
        case RunFinished e -> {
          target = e.status();
          message = e.message();
          finishedAt = e.timestamp();
        }
        default -> {}
      }
    }
    boolean launchTaken = status == RunStatus.QUEUED || status == RunStatus.STARTING;
    if (launchTaken && target == null) {
      target = RunStatus.STARTED; // the agent has the run
    }
    List<Move> moves = new ArrayList<>();
    if (target != null) {
      if (target.isTerminal() && !startedBefore) {
        moves.add(new Move(RunStatus.STARTED, null, startedAt));
      }
      moves.add(new Move(target, message, target.isTerminal() ? finishedAt : startedAt));
    }
    return new RunProgress(launchTaken, moves, materializations, checks, partitions);
  }

  /** The status a step moves its asset to, when the step is the asset's own (not a check). */
  private static void ownStep(
      List<PartitionUpdate> partitions, StepStarted step, PartitionStatus status, Instant at) {
    if (step.stepKey().equals(step.assetKey())) {
      partition(partitions, step.assetKey(), step.partitionKey(), status, at);
    }
  }

  private static void partition(
      List<PartitionUpdate> partitions,
      String assetKey,
      @Nullable String partitionKey,
      PartitionStatus status,
      Instant at) {
    partitions.add(
        new PartitionUpdate(assetKey, partitionKey == null ? "" : partitionKey, status, at));
  }
}
