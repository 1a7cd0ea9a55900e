package dev.materia.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.ErrorInfo;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepFailed;
import dev.materia.api.StepStarted;
import dev.materia.controlplane.assets.MaterializationIndex.PartitionStatus;
import dev.materia.controlplane.assets.MaterializationIndex.PartitionUpdate;
import dev.materia.controlplane.events.RunProgress.Move;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunProgressTest {
  private static final String RUN = "00000000-0000-0000-0000-000000000001";
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void theAgentsFirstEventsTakeTheLaunchAndStartTheRunAtTheFirstEvent() {
    RunProgress progress =
        RunProgress.of(
            RunStatus.QUEUED, false, List.of(log(1, T), log(2, T.plusSeconds(1))), none());

    assertThat(progress.launchTaken()).isTrue();
    assertThat(progress.moves()).containsExactly(new Move(RunStatus.STARTED, null, T));
  }

  @Test
  void aRunStartedEventGivesTheStartTime() {
    RunProgress progress =
        RunProgress.of(
            RunStatus.STARTING,
            false,
            List.of(log(1, T), new RunStarted(RUN, 2, T.plusSeconds(3), "*", null, List.of())),
            none());

    assertThat(progress.moves())
        .containsExactly(new Move(RunStatus.STARTED, null, T.plusSeconds(3)));
  }

  @Test
  void aRunThatEndsBeforeItWasSeenStartingMovesToStartedFirst() {
    RunProgress progress =
        RunProgress.of(
            RunStatus.STARTING,
            false,
            List.of(
                log(1, T),
                new RunFinished(RUN, 2, T.plusSeconds(5), RunStatus.FAILURE, 5_000, "boom")),
            none());

    assertThat(progress.moves())
        .containsExactly(
            new Move(RunStatus.STARTED, null, T),
            new Move(RunStatus.FAILURE, "boom", T.plusSeconds(5)));
  }

  @Test
  void aStartedRunThatEndsMovesOnceAndItsLaunchIsNotTakenAgain() {
    RunProgress progress =
        RunProgress.of(
            RunStatus.STARTED,
            true,
            List.of(new RunFinished(RUN, 9, T, RunStatus.SUCCESS, 1, null)),
            none());

    assertThat(progress.launchTaken()).isFalse();
    assertThat(progress.moves()).containsExactly(new Move(RunStatus.SUCCESS, null, T));
  }

  @Test
  void eventsOfAStartedRunThatSayNothingOfItsStatusMoveNothing() {
    RunProgress progress = RunProgress.of(RunStatus.STARTED, true, List.of(log(3, T)), none());

    assertThat(progress.moves()).isEmpty();
    assertThat(progress.partitions()).isEmpty();
  }

  @Test
  void partitionsFollowTheirStepsInSeqOrderAndAnUnpartitionedAssetsStateIsUnderTheEmptyKey() {
    RunProgress progress =
        RunProgress.of(
            RunStatus.STARTED,
            true,
            List.of(
                started(1, "a", "2024-01-01", T),
                materialized(2, "a", "2024-01-01", T.plusSeconds(1)),
                started(3, "b", null, T.plusSeconds(2)),
                materialized(4, "b", null, T.plusSeconds(3)),
                started(5, "c", "x", T.plusSeconds(4)),
                failed(6, "c", T.plusSeconds(5))),
            none());

    assertThat(progress.partitions())
        .containsExactly(
            new PartitionUpdate("a", "2024-01-01", PartitionStatus.IN_PROGRESS, T),
            new PartitionUpdate("a", "2024-01-01", PartitionStatus.MATERIALIZED, T.plusSeconds(1)),
            new PartitionUpdate("b", "", PartitionStatus.IN_PROGRESS, T.plusSeconds(2)),
            new PartitionUpdate("b", "", PartitionStatus.MATERIALIZED, T.plusSeconds(3)),
            new PartitionUpdate("c", "x", PartitionStatus.IN_PROGRESS, T.plusSeconds(4)),
            new PartitionUpdate("c", "x", PartitionStatus.FAILED, T.plusSeconds(5)));
    assertThat(progress.materializations())
        .extracting(AssetMaterialized::assetKey)
        .containsExactly("a", "b");
  }

  @Test
  void aStepThatStartedInAnEarlierBatchFailsOnThePartitionItStartedOn() {
    List<RunEvent> events = List.of(failed(7, "c", T.plusSeconds(9)), log(8, T.plusSeconds(9)));
    assertThat(RunProgress.stepsStartedEarlier(events)).containsExactly("c");

    RunProgress progress =
        RunProgress.of(RunStatus.STARTED, true, events, Map.of("c", started(2, "c", "2024-02", T)));

    assertThat(progress.partitions())
        .containsExactly(
            new PartitionUpdate("c", "2024-02", PartitionStatus.FAILED, T.plusSeconds(9)));
  }

  @Test
  void aCheckStepAfterTheMaterializationLeavesThePartitionMaterialized() {
    RunProgress progress =
        RunProgress.of(
            RunStatus.STARTED,
            true,
            List.of(
                started(1, "customer_features", "2024-01-01", T),
                materialized(2, "customer_features", "2024-01-01", T.plusSeconds(1)),
                checkStarted(3, "customer_features", "2024-01-01", T.plusSeconds(2)),
                failed(4, "customer_features:no_null_features", T.plusSeconds(3))),
            none());

    assertThat(progress.partitions())
        .containsExactly(
            new PartitionUpdate("customer_features", "2024-01-01", PartitionStatus.IN_PROGRESS, T),
            new PartitionUpdate(
                "customer_features", "2024-01-01", PartitionStatus.MATERIALIZED, T.plusSeconds(1)));
  }

  @Test
  void aCheckStepThatFailsInALaterBatchMarksNothing() {
    RunProgress progress =
        RunProgress.of(
            RunStatus.STARTED,
            true,
            List.of(failed(9, "a:ok", T)),
            Map.of("a:ok", checkStarted(3, "a", "p", T.minusSeconds(1))));

    assertThat(progress.partitions()).isEmpty();
  }

  @Test
  void aStepStartedEarlierInTheSameBatchNeedsNoLookup() {
    assertThat(
            RunProgress.stepsStartedEarlier(
                List.of(started(1, "c", "p", T), failed(2, "c", T), failed(3, "d", T))))
        .containsExactly("d");
  }

  @Test
  void aFailedStepWithoutAKnownStartMarksNoPartition() {
    RunProgress progress =
        RunProgress.of(RunStatus.STARTED, true, List.of(failed(4, "c", T)), none());

    assertThat(progress.partitions()).isEmpty();
  }

  private static Map<String, StepStarted> none() {
    return Map.of();
  }

  private static LogLine log(long seq, Instant at) {
    return new LogLine(RUN, seq, at, null, LogLevel.INFO, "hello");
  }

  private static StepStarted started(long seq, String asset, String partition, Instant at) {
    return new StepStarted(RUN, seq, at, asset, asset, partition, 1);
  }

  private static StepStarted checkStarted(long seq, String asset, String partition, Instant at) {
    return new StepStarted(RUN, seq, at, asset + ":no_null_features", asset, partition, 1);
  }

  private static StepFailed failed(long seq, String step, Instant at) {
    return new StepFailed(RUN, seq, at, step, 1, new ErrorInfo("E", "bad", ""));
  }

  private static AssetMaterialized materialized(
      long seq, String asset, String partition, Instant at) {
    return new AssetMaterialized(
        RUN, seq, at, asset, asset, partition, "v1", null, Map.of(), Map.of());
  }
}
