package dev.materia.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.CheckSeverity;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepSucceeded;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlanTest {
  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
  private static final RunPlan PLAN = RunPlan.of(List.of("sales/raw_orders", "sales/cleaned"));

  @Test
  void theAssetsOfThePlanAndTheirChecksAreItsSteps() {
    assertThat(PLAN.holdsStep("sales/raw_orders")).isTrue();
    assertThat(PLAN.holdsStep("sales/cleaned:no_nulls")).isTrue();
    assertThat(PLAN.holdsStep("marketing/campaigns")).isFalse();
    assertThat(PLAN.holdsStep("marketing/campaigns:no_nulls")).isFalse();
    assertThat(PLAN.holdsStep("sales/raw_orders:")).isFalse();
    assertThat(PLAN.holdsStep(":sales/raw_orders")).isFalse();
    assertThat(PLAN.holdsStep("sales")).isFalse();
    assertThat(PLAN.holdsStep("../../etc/passwd")).isFalse();
  }

  @Test
  void eventsOfThePlanPass() {
    List<RunEvent> events =
        List.of(
            new RunStarted("r", 1, AT, "sales/*", null, List.of("sales/raw_orders")),
            new LogLine("r", 2, AT, null, LogLevel.INFO, "run-level"),
            new LogLine("r", 3, AT, "a label", LogLevel.INFO, "labels are not steps"),
            materialized(4, "sales/raw_orders", "sales/raw_orders"),
            checked(5, "sales/cleaned", "sales/cleaned:ok"),
            new RunFinished("r", 6, AT, RunStatus.SUCCESS, 1, null));

    assertThat(PLAN.firstOutside(events)).isEmpty();
  }

  @Test
  void theFirstFieldOutsideThePlanIsNamedAssetBeforeStep() {
    List<RunEvent> events =
        List.of(
            new LogLine("r", 1, AT, "sales/raw_orders", LogLevel.INFO, "fine"),
            materialized(2, "marketing/campaigns", "marketing/campaigns"),
            new StepSucceeded("r", 3, AT, "elsewhere", 1, 5));

    assertThat(PLAN.firstOutside(events))
        .contains(new RunPlan.Outside("events[1].assetKey", "marketing/campaigns"));
    assertThat(PLAN.firstOutside(events.subList(2, 3)))
        .contains(new RunPlan.Outside("events[0].stepKey", "elsewhere"));
    assertThat(
            PLAN.firstOutside(
                List.of(new RunStarted("r", 1, AT, "x", null, List.of("sales/raw_orders", "x")))))
        .contains(new RunPlan.Outside("events[0].stepKeys", "x"));
    assertThat(PLAN.firstOutside(List.of(checked(1, "sales/cleaned", "marketing/x:ok"))))
        .contains(new RunPlan.Outside("events[0].stepKey", "marketing/x:ok"));
  }

  @Test
  void aRunWithoutAssetKeysHoldsNoSteps() {
    RunPlan empty = RunPlan.of(List.of());

    assertThat(empty.firstOutside(List.of(materialized(1, "a", "a"))))
        .contains(new RunPlan.Outside("events[0].assetKey", "a"));
  }

  private static AssetMaterialized materialized(long seq, String asset, String step) {
    return new AssetMaterialized("r", seq, AT, step, asset, null, "dv", null, Map.of(), Map.of());
  }

  private static CheckEvaluated checked(long seq, String asset, String step) {
    return new CheckEvaluated(
        "r", seq, AT, step, asset, "ok", null, true, CheckSeverity.ERROR, true, "", Map.of());
  }
}
