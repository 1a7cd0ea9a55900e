package dev.materia.runtime.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning and engine overhead on 10,000 trivial assets, as a chain (each reads the previous one)
 * and as a wide graph (one root, 9,998 independent middles, one sink reading them all).
 *
 * <ul>
 *   <li>{@code plan}: selection {@code *} resolved and planned; target ≤ 100 ms.
 *   <li>{@code execute}: the plan run by the engine with the in-memory I/O manager, events streamed
 *       to a listener (as in the agent); divided by 10,000 it is the per-step overhead, target ≤ 50
 *       µs.
 *   <li>{@code buildGraph}: validating the graph (duplicates, unknown upstreams, cycles), for
 *       reference.
 * </ul>
 *
 * <p>Run with {@code agent/runtime/bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {
  @Param({"chain", "wide"})
  public String shape;

  @Param({"10000"})
  public int size;

  private List<AssetNode> nodes;
  private AssetGraph graph;
  private Planner planner;
  private ExecutionPlan plan;
  private Engine engine;

  @Setup
  public void setUp() {
    nodes = shape.equals("chain") ? chain(size) : wide(size);
    graph = AssetGraph.of(nodes, List.of());
    planner =
        new Planner(new PartitionKeys(Clock.systemUTC(), new InMemoryDynamicPartitionsStore()));
    plan = plan();
    RunOptions options =
        RunOptions.builder()
            .maxConcurrency(Math.max(4, Runtime.getRuntime().availableProcessors()))
            .environment(Map.of())
            .retainEvents(false)
            .retainOutputs(false)
            .listener(event -> {})
            .build();
    engine = new Engine(graph, Resources.of(Map.of()), options);
  }

  @Benchmark
  public ExecutionPlan plan() {
    return planner.plan(graph, Selection.all().resolve(graph), null, "*");
  }

  @Benchmark
  public RunOutcome execute() {
    return engine.execute(plan, new Cancellation());
  }

  @Benchmark
  public AssetGraph buildGraph() {
    return AssetGraph.of(nodes, List.of());
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
