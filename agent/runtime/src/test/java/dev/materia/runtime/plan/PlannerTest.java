package dev.materia.runtime.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.agent.PartitionRange;
import dev.materia.api.partitions.InMemoryDynamicPartitionsStore;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.graph.CheckNode;
import dev.materia.runtime.graph.Dependency;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
  private final Planner planner =
      new Planner(new PartitionKeys(NOW, new InMemoryDynamicPartitionsStore()));

  private static CheckNode check(String asset, String name, boolean blocking) {
    return new CheckNode(
        asset,
        name,
        blocking,
        "",
        List.of(Dependency.input(asset, Object.class, "parameter")),
        "Checks." + name,
        inputs -> null);
  }

  @Test
  void ordersStepsByDependencyWithChecksAfterTheirAsset() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                AssetNode.builder("model").inputs("features").build(),
                AssetNode.builder("features").inputs("raw").build(),
                AssetNode.builder("raw").build()),
            List.of(check("features", "no_nulls", true), check("raw", "fresh", false)));

    ExecutionPlan plan = planner.plan(graph, graph.topologicalOrder(), null, "*");

    assertThat(plan.stepKeys())
        .containsExactly("raw", "raw:fresh", "features", "features:no_nulls", "model");
    Step model = plan.steps().get(4);
    assertThat(model.upstream())
        .as("an asset waits for its upstream asset and that asset's blocking checks")
        .containsExactlyInAnyOrder(2, 3);
    Step features = plan.steps().get(2);
    assertThat(features.upstream())
        .as("a non-blocking check does not hold anything up")
        .containsExactly(0);
    assertThat(plan.steps().get(1).upstream()).containsExactly(0);
    assertThat(plan.steps().get(1).kind()).isEqualTo(StepKind.CHECK);
    assertThat(plan.steps().get(1).checkName()).isEqualTo("fresh");
  }

  @Test
  void plansOnlyTheSelectionAndReadsTheRestFromStorage() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                AssetNode.builder("raw").build(), AssetNode.builder("clean").inputs("raw").build()),
            List.of());

    ExecutionPlan plan = planner.plan(graph, Set.of("clean"), null, "clean");

    assertThat(plan.stepKeys()).containsExactly("clean");
    assertThat(plan.steps().getFirst().upstream()).isEmpty();
    assertThat(plan.steps().getFirst().inputs().getFirst().producerStep()).isEqualTo(-1);
  }

  @Test
  void aPartitionRangePlansOneStepPerAssetAndKeyInOneRun() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                AssetNode.builder("events").partitions(DAILY).build(),
                AssetNode.builder("delta")
                    .partitions(DAILY)
                    .dependency(
                        Dependency.input("events", Object.class, "parameter 'events'")
                            .withMapping(PartitionMapping.timeWindow(-1)))
                    .build(),
                AssetNode.builder("history")
                    .dependency(Dependency.input("events", Map.class, "parameter 'events'"))
                    .build()),
            List.of());

    ExecutionPlan plan =
        planner.planRange(
            graph,
            List.of("events", "delta", "history"),
            new PartitionRange("2024-01-02", "2024-01-04"),
            "*");

    assertThat(plan.partitionKey()).isEqualTo("2024-01-02...2024-01-04");
    assertThat(plan.stepKeys()).containsExactly("events", "delta", "history");
    assertThat(plan.steps())
        .extracting(step -> step.key() + "[" + step.partitionKey() + "]")
        .containsExactlyInAnyOrder(
            "events[2024-01-02]",
            "events[2024-01-03]",
            "events[2024-01-04]",
            "delta[2024-01-02]",
            "delta[2024-01-03]",
            "delta[2024-01-04]",
            "history[null]");
    Step deltaThird = step(plan, "delta", "2024-01-03");
    assertThat(deltaThird.upstream())
        .as("delta of a day waits for the events of the day before, which this run writes")
        .containsExactly(step(plan, "events", "2024-01-02").index());
    assertThat(deltaThird.after())
        .as("an asset's partitions run in key order")
        .containsExactly(step(plan, "delta", "2024-01-02").index());
    assertThat(step(plan, "history", null).upstream())
        .containsExactlyInAnyOrder(
            step(plan, "events", "2024-01-02").index(),
            step(plan, "events", "2024-01-03").index(),
            step(plan, "events", "2024-01-04").index());
    assertThat(step(plan, "events", "2024-01-02").downstream())
        .contains(step(plan, "events", "2024-01-03").index());
  }

  private static Step step(ExecutionPlan plan, String key, String partitionKey) {
    return plan.steps().stream()
        .filter(
            s -> s.key().equals(key) && java.util.Objects.equals(s.partitionKey(), partitionKey))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void rejectsAnEmptySelection() {
    AssetGraph graph = AssetGraph.of(List.of(AssetNode.builder("raw").build()), List.of());

    assertThatThrownBy(() -> planner.plan(graph, Set.of(), null, "group:none"))
        .isInstanceOf(PlanningException.class)
        .hasMessage("The selection \"group:none\" matches no assets: check keys and filters.");
  }

  private static final PartitionsDefinition DAILY =
      PartitionsDefinition.daily(LocalDate.of(2024, 1, 1));

  @Test
  void resolvesUpstreamPartitionsThroughTheMapping() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                AssetNode.builder("events").partitions(DAILY).build(),
                AssetNode.builder("delta")
                    .partitions(DAILY)
                    .dependency(
                        Dependency.input("events", Object.class, "parameter 'events'")
                            .withMapping(PartitionMapping.timeWindow(-1)))
                    .build(),
                AssetNode.builder("history")
                    .dependency(Dependency.input("events", Map.class, "parameter 'events'"))
                    .build()),
            List.of());

    ExecutionPlan plan = planner.plan(graph, List.of("events", "delta"), "2024-01-05", "events+");

    PlannedInput previousDay = plan.steps().get(1).inputs().getFirst();
    assertThat(previousDay.partitionKeys()).containsExactly("2024-01-04");
    assertThat(previousDay.several()).isFalse();
    assertThat(previousDay.producerStep()).isZero();
    assertThat(plan.steps())
        .extracting(Step::partitionKey)
        .containsExactly("2024-01-05", "2024-01-05");

    ExecutionPlan summary = planner.plan(graph, List.of("history"), null, "history");
    PlannedInput allDays = summary.steps().getFirst().inputs().getFirst();
    assertThat(allDays.several()).isTrue();
    assertThat(allDays.partitionKeys())
        .hasSize(152)
        .startsWith("2024-01-01")
        .endsWith("2024-05-31");
  }

  @Test
  void rejectsAMappedPartitionThatDoesNotExist() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                AssetNode.builder("events").partitions(DAILY).build(),
                AssetNode.builder("delta")
                    .partitions(DAILY)
                    .dependency(
                        Dependency.input("events", Object.class, "parameter 'events'")
                            .withMapping(PartitionMapping.timeWindow(-1)))
                    .build()),
            List.of());

    assertThatThrownBy(() -> planner.plan(graph, List.of("delta"), "2024-01-01", "delta"))
        .isInstanceOf(PlanningException.class)
        .hasMessageStartingWith(
            "Asset \"delta\" partition \"2024-01-01\" cannot read \"events\" (time window with"
                + " offset -1): ");
  }

  @Test
  void rejectsAPartitionKeyWhenNothingSelectedIsPartitioned() {
    AssetGraph graph = AssetGraph.of(List.of(AssetNode.builder("raw").build()), List.of());

    assertThatThrownBy(() -> planner.plan(graph, List.of("raw"), "2024-01-01", "raw"))
        .hasMessage(
            "Partition key \"2024-01-01\" was given, but no selected asset is partitioned. Fix:"
                + " launch without a partition key (in the CLI, leave out --partition), or select"
                + " partitioned assets.");
  }

  @Test
  void aRangeWithOtherKeysInAnotherPartitionedAssetIsRefusedWhicheverComesFirst() {
    PartitionsDefinition weekly = PartitionsDefinition.weekly(LocalDate.of(2024, 1, 1));
    AssetGraph dailyFirst =
        AssetGraph.of(
            List.of(
                AssetNode.builder("days").partitions(DAILY).build(),
                AssetNode.builder("weeks").partitions(weekly).build()),
            List.of());
    AssetGraph weeklyFirst =
        AssetGraph.of(
            List.of(
                AssetNode.builder("weeks").partitions(weekly).build(),
                AssetNode.builder("days").partitions(DAILY).build()),
            List.of());
    PartitionRange mondays = new PartitionRange("2024-01-01", "2024-01-08");

    for (AssetGraph graph : List.of(dailyFirst, weeklyFirst)) {
      assertThatThrownBy(() -> planner.planRange(graph, List.of("days", "weeks"), mondays, "*"))
          .isInstanceOf(PlanningException.class)
          .hasMessageContaining("one run covers the same keys in every partitioned asset");
    }
  }

  @Test
  void plansATenThousandAssetChain() {
    List<AssetNode> chain = new java.util.ArrayList<>();
    chain.add(AssetNode.builder("a0").build());
    for (int i = 1; i < 10_000; i++) {
      chain.add(AssetNode.builder("a" + i).inputs("a" + (i - 1)).build());
    }
    AssetGraph graph = AssetGraph.of(chain, List.of());

    ExecutionPlan plan = planner.plan(graph, graph.topologicalOrder(), null, "*");

    assertThat(plan.size()).isEqualTo(10_000);
    assertThat(plan.steps().getLast().upstream()).containsExactly(9_998);
  }
}
