package dev.materia.runtime;

import dev.materia.api.agent.PartitionRange;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.api.selection.Selection;
import dev.materia.runtime.execution.Cancellation;
import dev.materia.runtime.execution.Engine;
import dev.materia.runtime.execution.RunOptions;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.load.DefinitionsLoader;
import dev.materia.runtime.plan.ExecutionPlan;
import dev.materia.runtime.plan.Planner;
import dev.materia.runtime.resources.Resources;
import dev.materia.sdk.Definitions;
import java.util.concurrent.CompletableFuture;

/**
 * Runs assets in-process, with no server or database: how users unit-test their definitions.
 *
 * <p>Values pass through an in-memory I/O manager unless the definitions register a resource named
 * {@code io_manager} or the options name another.
 *
 * <pre>{@code
 * ExecutionResult result = Materializer.materialize(new SalesLocation().definitions(), "*", null);
 * assertThat(result.success()).isTrue();
 * assertThat(result.output("sales_summary")).isEqualTo(expected);
 *
 * ExecutionResult day = Materializer.materialize(definitions, "daily_features", "2024-01-01");
 * ExecutionResult days = Materializer.materializeRange(definitions, "daily_features",
 *     new PartitionRange("2024-01-01", "2024-01-03"));   // one run, one step per key
 * }</pre>
 *
 * <p>Mistakes in the definitions throw {@code DefinitionsException}; a selection that does not
 * parse throws {@code dev.materia.api.selection.SelectionSyntaxException}; an impossible plan
 * throws {@code PlanningException}. Failures inside steps do not throw: they show in the result.
 */
public final class Materializer {
  private Materializer() {}

  /**
   * Loads, plans and runs to the end.
   *
   * @param selection the selection syntax ({@code *}, {@code raw_orders+}, {@code group:sales});
   *     null means every asset
   * @param partitionKey the partition to run, or null for unpartitioned assets
   */
  public static ExecutionResult materialize(
      Definitions definitions, String selection, String partitionKey) {
    return materialize(definitions, selection, partitionKey, RunOptions.defaults());
  }

  /** As {@link #materialize(Definitions, String, String)}, with options. */
  public static ExecutionResult materialize(
      Definitions definitions, String selection, String partitionKey, RunOptions options) {
    Prepared prepared = prepare(definitions, selection, partitionKey, null, options);
    return new ExecutionResult(
        prepared.engine.execute(prepared.plan, new Cancellation()), partitionKey);
  }

  /**
   * Loads, plans and runs every key of a partition range as one run: one {@code run_started}, a
   * step per asset and key (an asset's keys in order), one {@code run_finished}. Values are in
   * {@link ExecutionResult#outputs()} under {@code key[partition]}.
   */
  public static ExecutionResult materializeRange(
      Definitions definitions, String selection, PartitionRange range) {
    return materializeRange(definitions, selection, range, RunOptions.defaults());
  }

  /** As {@link #materializeRange(Definitions, String, PartitionRange)}, with options. */
  public static ExecutionResult materializeRange(
      Definitions definitions, String selection, PartitionRange range, RunOptions options) {
    Prepared prepared = prepare(definitions, selection, null, requireRange(range), options);
    return new ExecutionResult(prepared.engine.execute(prepared.plan, new Cancellation()), null);
  }

  /**
   * Loads and plans on the calling thread (so mistakes throw here), then runs in the background.
   */
  public static RunHandle start(
      Definitions definitions, String selection, String partitionKey, RunOptions options) {
    return start(
        prepare(definitions, selection, partitionKey, null, options), partitionKey, options);
  }

  /** As {@link #start}, over every key of a partition range as one run. */
  public static RunHandle startRange(
      Definitions definitions, String selection, PartitionRange range, RunOptions options) {
    return start(
        prepare(definitions, selection, null, requireRange(range), options), null, options);
  }

  /**
   * Loads and plans without running: the step keys a run would execute, in plan order. For a caller
   * that runs several plans as one run (one stage per code location) and announces every step in
   * its one {@code run_started}.
   *
   * @param range a partition range, or null; never with {@code partitionKey}
   */
  public static java.util.List<String> plannedSteps(
      Definitions definitions,
      String selection,
      String partitionKey,
      PartitionRange range,
      RunOptions options) {
    return prepare(definitions, selection, partitionKey, range, options).plan.stepKeys();
  }

  private static PartitionRange requireRange(PartitionRange range) {
    if (range == null) {
      throw new IllegalArgumentException("range == null");
    }
    return range;
  }

  private static RunHandle start(Prepared prepared, String partitionKey, RunOptions options) {
    Cancellation cancellation = new Cancellation();
    CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("materia-run-" + options.runId())
        .start(
            () -> {
              try {
                result.complete(
                    new ExecutionResult(
                        prepared.engine.execute(prepared.plan, cancellation), partitionKey));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    return new RunHandle(result, cancellation);
  }

  private record Prepared(Engine engine, ExecutionPlan plan) {}

  private static Prepared prepare(
      Definitions definitions,
      String selection,
      String partitionKey,
      PartitionRange range,
      RunOptions options) {
    if (definitions == null) {
      throw new IllegalArgumentException("definitions == null");
    }
    if (options == null) {
      throw new IllegalArgumentException("options == null");
    }
    String text = selection == null ? "*" : selection;
    AssetGraph graph = DefinitionsLoader.load(definitions);
    Selection parsed = Selection.parse(text);
    Planner planner = new Planner(new PartitionKeys(options.clock(), options.dynamicPartitions()));
    ExecutionPlan plan =
        range == null
            ? planner.plan(graph, parsed.resolve(graph), partitionKey, text)
            : planner.planRange(graph, parsed.resolve(graph), range, text);
    Resources resources = Resources.configure(definitions.resources(), options.environment());
    return new Prepared(new Engine(graph, resources, options), plan);
  }
}
