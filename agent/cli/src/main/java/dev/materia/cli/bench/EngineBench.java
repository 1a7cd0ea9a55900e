package dev.materia.cli.bench;

import dev.materia.api.RunStatus;
import dev.materia.api.partitions.InMemoryDynamicPartitionsStore;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.api.selection.Selection;
import dev.materia.runtime.execution.Cancellation;
import dev.materia.runtime.execution.Engine;
import dev.materia.runtime.execution.RunOptions;
import dev.materia.runtime.execution.RunOutcome;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.plan.ExecutionPlan;
import dev.materia.runtime.plan.Planner;
import dev.materia.runtime.resources.Resources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code engine}: planning and the engine's own cost per step on 10,000 trivial assets, in this JVM
 * with no control plane, as a chain (each reads the previous one) and as a wide graph (one root,
 * 9,998 independent middles, one sink reading them all). {@code plan} resolves selection {@code *}
 * and plans it; {@code execute} runs the plan with the in-memory I/O manager and events streamed to
 * a listener, as in the agent, divided by the steps; {@code build_graph} validates the graph
 * (duplicates, unknown upstreams, cycles), for reference.
 */
final class EngineBench implements Benchmark {
  @Override
  public String name() {
    return "engine";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    int size = env.size(10_000, 1_000);
    // As long as JMH's default warm-up: fewer calls leave the 10,000-deep chain interpreted.
    Duration warmup = Duration.ofSeconds(env.size(10, 1));
    int repetitions = env.size(10, 3);
    List<BenchResult> results = new ArrayList<>();
    for (String shape : List.of("chain", "wide")) {
      List<AssetNode> nodes = shape.equals("chain") ? chain(size) : wide(size);
      AssetGraph graph = AssetGraph.of(nodes, List.of());
      Planner planner =
          new Planner(new PartitionKeys(Clock.systemUTC(), new InMemoryDynamicPartitionsStore()));
      Supplier<ExecutionPlan> plan =
          () -> planner.plan(graph, Selection.all().resolve(graph), null, "*");
      RunOptions options =
          RunOptions.builder()
              .maxConcurrency(Math.max(4, Runtime.getRuntime().availableProcessors()))
              .environment(Map.of())
              .retainEvents(false)
              .retainOutputs(false)
              .listener(event -> {})
              .build();
      Engine engine = new Engine(graph, Resources.of(Map.of()), options);
      ExecutionPlan planned = plan.get();
      double buildMillis = time(warmup, repetitions, () -> AssetGraph.of(nodes, List.of()));
      double planMillis = time(warmup, repetitions, plan);
      double executeMillis =
          time(
              warmup,
              repetitions,
              () -> {
                RunOutcome outcome = engine.execute(planned, new Cancellation());
                if (outcome.status() != RunStatus.SUCCESS) {
                  throw new IllegalStateException(
                      "the " + shape + " run ended " + outcome.status());
                }
                return outcome;
              });
      env.log(
          "engine: %s of %d, graph %.1f ms, plan %.1f ms, execute %.1f ms",
          shape, size, buildMillis, planMillis, executeMillis);
      results.add(
          BenchResult.atMost(
                  "engine.plan_" + shape,
                  planMillis,
                  "ms",
                  100,
                  "planning resolves the selection and orders every step of the graph, and on 2"
                      + " shared cores a GC or the JIT can land in a measured pass; would fix: plan"
                      + " only the selected subgraph.")
              .measured(
                  "median of %d after %d s of warm-up; selection * over %,d assets resolved and planned"
                      .formatted(repetitions, warmup.toSeconds(), size)));
      results.add(
          BenchResult.atMost(
                  "engine.execute_" + shape + "_per_step",
                  executeMillis * 1_000 / size,
                  "µs",
                  50,
                  "each step builds its context, events and output hand-over; would fix: fewer"
                      + " events per step for trivial assets.")
              .measured(
                  "median run of %,d trivial steps divided by the steps; in-memory I/O manager"
                      .formatted(size)));
      results.add(
          BenchResult.info(
              "engine.build_graph_" + shape,
              buildMillis,
              "ms",
              null,
              "no target; median; validating the graph of %,d assets".formatted(size)));
    }
    return results;
  }

  /** The median of {@code repetitions} timed calls after untimed ones for {@code warmup}, in ms. */
  private static double time(Duration warmup, int repetitions, Supplier<?> work) {
    long warm = System.nanoTime() + warmup.toNanos();
    do {
      call(work);
    } while (System.nanoTime() < warm);
    double[] millis = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long t0 = System.nanoTime();
      call(work);
      millis[i] = Stats.millisSince(t0);
    }
    return Stats.median(millis);
  }

  private static void call(Supplier<?> work) {
    if (work.get() == null) {
      throw new IllegalStateException("nothing came back");
    }
  }

  static List<AssetNode> chain(int size) {
    List<AssetNode> nodes = new ArrayList<>(size);
    nodes.add(AssetNode.builder("a0").function(inputs -> 0).build());
    for (int i = 1; i < size; i++) {
      String previous = "a" + (i - 1);
      nodes.add(
          AssetNode.builder("a" + i)
              .inputs(previous)
              .function(inputs -> inputs.input(previous))
              .build());
    }
    return nodes;
  }

  static List<AssetNode> wide(int size) {
    List<AssetNode> nodes = new ArrayList<>(size);
    nodes.add(AssetNode.builder("root").function(inputs -> 0).build());
    AssetNode.Builder sink = AssetNode.builder("sink").function(inputs -> 1);
    for (int i = 0; i < size - 2; i++) {
      nodes.add(
          AssetNode.builder("m" + i)
              .inputs("root")
              .function(inputs -> inputs.input("root"))
              .build());
      sink.inputs("m" + i);
    }
    nodes.add(sink.build());
    return nodes;
  }
}
