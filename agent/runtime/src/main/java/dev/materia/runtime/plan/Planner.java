package dev.materia.runtime.plan;

import dev.materia.api.agent.PartitionRange;
import dev.materia.api.partitions.MissingUpstreamPartitionsException;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.graph.CheckNode;
import dev.materia.runtime.graph.Dependency;
import dev.materia.runtime.graph.PartitionCompatibility;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns selected assets of a graph into an {@link ExecutionPlan}: one step per asset and per check
 * on it, ordered by dependency, with input partitions resolved.
 *
 * <p>Edges: an asset step waits for its selected upstream assets and for their <em>blocking</em>
 * checks; a check step waits for its asset. Unselected upstream assets are read from storage.
 *
 * <pre>{@code
 * Planner planner = new Planner(new PartitionKeys(Clock.systemUTC(), store));
 * ExecutionPlan plan = planner.plan(graph, Selection.parse("raw_orders+").resolve(graph), null, "raw_orders+");
 * }</pre>
 */
public final class Planner {
  private final PartitionKeys partitionKeys;
  private final PartitionCompatibility compatibility;

  public Planner(PartitionKeys partitionKeys) {
    this(partitionKeys, PartitionCompatibility.STANDARD);
  }

  public Planner(PartitionKeys partitionKeys, PartitionCompatibility compatibility) {
    this.partitionKeys = Objects.requireNonNull(partitionKeys, "partitionKeys == null");
    this.compatibility = Objects.requireNonNull(compatibility, "compatibility == null");
  }

  /**
   * Plans a run.
   *
   * @param selected asset keys to materialize (see {@code Selection.resolve})
   * @param partitionKey the run's partition, or null
   * @param selectionText the selection as the user wrote it, carried into events
   * @throws PlanningException naming the asset and the fix
   */
  public ExecutionPlan plan(
      AssetGraph graph, Collection<String> selected, String partitionKey, String selectionText) {
    Objects.requireNonNull(graph, "graph == null");
    Objects.requireNonNull(selected, "selected == null");
    List<String> keys = new ArrayList<>(1);
    keys.add(partitionKey);
    return plan(graph, chosen(graph, selected, selectionText), keys, partitionKey, selectionText);
  }

  /**
   * Plans one run over every key of a partition range, in the order of the partitions definition of
   * the first partitioned asset selected: one step per partitioned asset (and check) and key, one
   * for each unpartitioned asset. An asset's partitions run in key order, each after the previous
   * one finished (a failed partition does not skip the next).
   *
   * @param range the keys, inclusive, of the first partitioned selected asset's definition
   * @throws PlanningException when no selected asset is partitioned, the range is not one of its
   *     keys, or another selected partitioned asset has other keys in the range
   */
  public ExecutionPlan planRange(
      AssetGraph graph, Collection<String> selected, PartitionRange range, String selectionText) {
    Objects.requireNonNull(graph, "graph == null");
    Objects.requireNonNull(selected, "selected == null");
    Objects.requireNonNull(range, "range == null");
    boolean[] chosen = chosen(graph, selected, selectionText);
    String rangeText = range.first() + "..." + range.last();
    for (int index : graph.topologicalIndexes()) {
      PartitionsDefinition definition = graph.assets().get(index).partitions();
      if (chosen[index] && definition != null) {
        List<String> keys;
        try {
          keys = partitionKeys.of(definition).range(range.first(), range.last());
        } catch (IllegalArgumentException e) {
          throw new PlanningException(
              "Partition range "
                  + rangeText
                  + " is not one of "
                  + definition.describe()
                  + ": "
                  + e.getMessage(),
              e);
        }
        requireSameKeys(graph, chosen, index, keys, range);
        return plan(graph, chosen, keys, rangeText, selectionText);
      }
    }
    throw new PlanningException(
        "Partition range "
            + rangeText
            + " was given, but selection \""
            + selectionText
            + "\" holds no partitioned asset. Fix: launch without a range.");
  }

  /**
   * Refuses a range that holds other keys in another chosen partitioned asset than in the first, so
   * which asset comes first never decides what a run covers (the control plane checks the same). An
   * asset lacking {@code first} or {@code last} is left to the step's own key check.
   */
  private void requireSameKeys(
      AssetGraph graph, boolean[] chosen, int firstIndex, List<String> keys, PartitionRange range) {
    AssetNode first = graph.assets().get(firstIndex);
    for (int index : graph.topologicalIndexes()) {
      AssetNode other = graph.assets().get(index);
      PartitionsDefinition definition = other.partitions();
      if (!chosen[index] || definition == null || definition.equals(first.partitions())) {
        continue;
      }
      List<String> otherKeys;
      try {
        otherKeys = partitionKeys.of(definition).range(range.first(), range.last());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (!otherKeys.equals(keys)) {
        throw new PlanningException(
            "Partition range "
                + range.first()
                + "..."
                + range.last()
                + " holds "
                + otherKeys.size()
                + " partitions of asset \""
                + other.key()
                + "\" ("
                + definition.describe()
                + ") but "
                + keys.size()
                + " of asset \""
                + first.key()
                + "\" ("
                + first.partitions().describe()
                + "); one run covers the same keys in every partitioned asset. Fix: launch"
                + " them in separate runs.");
      }
    }
  }

  private static boolean[] chosen(
      AssetGraph graph, Collection<String> selected, String selectionText) {
    if (selected.isEmpty()) {
      throw new PlanningException(
          "The selection \"" + selectionText + "\" matches no assets: check keys and filters.");
    }
    boolean[] chosen = new boolean[graph.size()];
    for (String key : selected) {
      chosen[graph.indexOf(key)] = true;
    }
    return chosen;
  }

  /** Plans the chosen assets for each of {@code keys} (one null key: an unpartitioned run). */
  private ExecutionPlan plan(
      AssetGraph graph,
      boolean[] chosen,
      List<String> keys,
      String planPartition,
      String selectionText) {
    List<Proto> protos = new ArrayList<>();
    // Steps writing each asset, by asset key, in key order.
    Map<String, List<Integer>> assetSteps = new HashMap<>();
    Map<Integer, List<Integer>> blockingChecks = new HashMap<>();
    boolean anyPartitioned = false;
    for (int index : graph.topologicalIndexes()) {
      if (!chosen[index]) {
        continue;
      }
      AssetNode asset = graph.assets().get(index);
      List<String> partitions = new ArrayList<>(keys.size());
      if (asset.partitions() == null) {
        partitions.add(null);
      } else {
        for (String key : keys) {
          partitions.add(stepPartition(asset, key));
        }
      }
      List<Integer> written = new ArrayList<>(partitions.size());
      assetSteps.put(asset.key(), written);
      for (String stepPartition : partitions) {
        anyPartitioned |= stepPartition != null;
        Proto step =
            new Proto(
                Step.assetStepKey(asset.key()), StepKind.ASSET, asset.key(), null, stepPartition);
        step.inputs =
            inputs(graph, asset, asset.dependencies(), stepPartition, protos, assetSteps, step);
        int id = protos.size();
        if (!written.isEmpty()) {
          step.after.add(written.getLast());
        }
        protos.add(step);
        written.add(id);
        for (CheckNode check : graph.checksOf(asset.key())) {
          Proto checkStep =
              new Proto(check.key(), StepKind.CHECK, asset.key(), check.name(), stepPartition);
          checkStep.inputs =
              inputs(
                  graph, asset, check.dependencies(), stepPartition, protos, assetSteps, checkStep);
          checkStep.addUpstream(id);
          int checkId = protos.size();
          protos.add(checkStep);
          if (check.blocking()) {
            blockingChecks.computeIfAbsent(id, k -> new ArrayList<>()).add(checkId);
          }
        }
      }
    }
    String onlyKey = keys.size() == 1 ? keys.getFirst() : null;
    if (onlyKey != null && !anyPartitioned) {
      throw new PlanningException(
          "Partition key \""
              + onlyKey
              + "\" was given, but no selected asset is partitioned. Fix: launch without a"
              + " partition key (in the CLI, leave out --partition), or select partitioned"
              + " assets.");
    }

    for (Proto step : protos) {
      List<Dependency> dependencies =
          step.kind == StepKind.CHECK
              ? graph.checksOf(step.assetKey).stream()
                  .filter(c -> c.name().equals(step.checkName))
                  .findFirst()
                  .orElseThrow()
                  .dependencies()
              : graph.asset(step.assetKey).dependencies();
      for (int position = 0; position < dependencies.size(); position++) {
        Dependency dependency = dependencies.get(position);
        for (int producer :
            producers(protos, assetSteps, dependency.upstreamKey(), step.reads.get(position))) {
          step.addUpstream(producer);
          if (step.kind == StepKind.ASSET) {
            for (int blocking : blockingChecks.getOrDefault(producer, List.of())) {
              step.addUpstream(blocking);
            }
          }
        }
      }
    }
    return order(protos, selectionText, planPartition);
  }

  /**
   * The planned steps writing what a step reads of {@code upstreamKey}: those of the partitions it
   * reads, or every step of the asset when that is unknown or none of them is planned (so a step
   * still waits for, and is skipped with, the upstream asset this run writes).
   */
  private static List<Integer> producers(
      List<Proto> protos,
      Map<String, List<Integer>> assetSteps,
      String upstreamKey,
      List<String> readKeys) {
    List<Integer> written = assetSteps.getOrDefault(upstreamKey, List.of());
    if (readKeys == null || written.size() <= 1) {
      return written;
    }
    java.util.Set<String> read = new java.util.HashSet<>(readKeys);
    List<Integer> producers = new ArrayList<>();
    for (int id : written) {
      if (read.contains(protos.get(id).partitionKey)) {
        producers.add(id);
      }
    }
    return producers.isEmpty() ? written : producers;
  }

  private String stepPartition(AssetNode asset, String partitionKey) {
    PartitionsDefinition definition = asset.partitions();
    if (definition == null) {
      return null;
    }
    if (partitionKey == null) {
      throw new PlanningException(
          "Asset \""
              + asset.key()
              + "\" ("
              + asset.origin()
              + ") is partitioned ("
              + definition.describe()
              + "). Fix: pass a partition key, e.g. \""
              + safeExample(definition)
              + "\", or leave the asset out of the selection.");
    }
    try {
      return partitionKeys.check(definition, partitionKey);
    } catch (IllegalArgumentException e) {
      throw new PlanningException(
          "Asset \""
              + asset.key()
              + "\" cannot run partition \""
              + partitionKey
              + "\": "
              + e.getMessage(),
          e);
    }
  }

  private String safeExample(PartitionsDefinition definition) {
    try {
      return partitionKeys.of(definition).exampleKey();
    } catch (RuntimeException e) {
      return "...";
    }
  }

  private List<PlannedInput> inputs(
      AssetGraph graph,
      AssetNode downstream,
      List<Dependency> dependencies,
      String stepPartition,
      List<Proto> protos,
      Map<String, List<Integer>> assetSteps,
      Proto step) {
    if (dependencies.isEmpty()) {
      return List.of();
    }
    List<PlannedInput> inputs = new ArrayList<>(dependencies.size());
    for (int position = 0; position < dependencies.size(); position++) {
      Dependency dependency = dependencies.get(position);
      if (!dependency.loaded()) {
        continue;
      }
      if (graph.isExternal(dependency.upstreamKey())) {
        // Another code location's asset: its partitions are unknown here, so a partitioned step
        // reads the same partition key (the engine falls back to an unpartitioned value).
        inputs.add(
            new PlannedInput(
                position,
                dependency.upstreamKey(),
                stepPartition == null ? null : List.of(stepPartition),
                false,
                -1));
        continue;
      }
      AssetNode upstream = graph.asset(dependency.upstreamKey());
      PartitionsDefinition up = upstream.partitions();
      if (up == null) {
        int producer = firstOf(producers(protos, assetSteps, upstream.key(), null));
        inputs.add(new PlannedInput(position, upstream.key(), null, false, producer));
        continue;
      }
      PartitionsDefinition down = downstream.partitions();
      PartitionMapping mapping = compatibility.mappingFor(up, down, dependency.mapping());
      List<String> keys;
      try {
        keys = partitionKeys.upstreamKeys(mapping, up, down, stepPartition);
      } catch (MissingUpstreamPartitionsException | IllegalArgumentException e) {
        throw new PlanningException(
            "Asset \""
                + downstream.key()
                + "\" partition \""
                + stepPartition
                + "\" cannot read \""
                + upstream.key()
                + "\" ("
                + mapping.describe()
                + "): "
                + e.getMessage(),
            e);
      }
      boolean several = compatibility.readsSeveral(up, down, mapping);
      step.reads.put(position, keys);
      int producer = firstOf(producers(protos, assetSteps, upstream.key(), keys));
      inputs.add(new PlannedInput(position, upstream.key(), keys, several, producer));
    }
    return inputs;
  }

  private static int firstOf(List<Integer> steps) {
    return steps.isEmpty() ? -1 : steps.getFirst();
  }

  private static ExecutionPlan order(
      List<Proto> protos, String selectionText, String partitionKey) {
    int n = protos.size();
    int[] remaining = new int[n];
    List<List<Integer>> downstream = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      downstream.add(new ArrayList<>(2));
    }
    for (int i = 0; i < n; i++) {
      for (int up : protos.get(i).upstream) {
        downstream.get(up).add(i);
      }
      for (int up : protos.get(i).after) {
        downstream.get(up).add(i);
      }
      remaining[i] = protos.get(i).upstream.size() + protos.get(i).after.size();
    }
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (remaining[i] == 0) {
        ready.add(i);
      }
    }
    int[] position = new int[n];
    int[] order = new int[n];
    int count = 0;
    while (!ready.isEmpty()) {
      int next = ready.poll();
      position[next] = count;
      order[count++] = next;
      for (int child : downstream.get(next)) {
        if (--remaining[child] == 0) {
          ready.add(child);
        }
      }
    }
    if (count < n) {
      List<String> stuck = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (remaining[i] > 0) {
          stuck.add(protos.get(i).key);
        }
      }
      throw new PlanningException(
          "Steps wait on each other through a blocking check: "
              + stuck
              + ". Fix: a blocking check must not read assets downstream of the asset it checks;"
              + " make it non-blocking or read the asset alone.");
    }
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Proto proto = protos.get(order[i]);
      List<Integer> up = new ArrayList<>(proto.upstream.size());
      for (int u : proto.upstream) {
        up.add(position[u]);
      }
      List<Integer> after = new ArrayList<>(proto.after.size());
      for (int a : proto.after) {
        after.add(position[a]);
      }
      List<Integer> down = new ArrayList<>(downstream.get(order[i]).size());
      for (int d : downstream.get(order[i])) {
        down.add(position[d]);
      }
      List<PlannedInput> inputs = new ArrayList<>(proto.inputs.size());
      for (PlannedInput input : proto.inputs) {
        inputs.add(
            input.producerStep() < 0
                ? input
                : new PlannedInput(
                    input.dependency(),
                    input.upstreamKey(),
                    input.partitionKeys(),
                    input.several(),
                    position[input.producerStep()]));
      }
      steps.add(
          new Step(
              i,
              proto.key,
              proto.kind,
              proto.assetKey,
              proto.checkName,
              proto.partitionKey,
              List.copyOf(up),
              List.copyOf(after),
              List.copyOf(down),
              List.copyOf(inputs)));
    }
    return new ExecutionPlan(selectionText, partitionKey, steps);
  }

  /** A step before ordering, addressed by its provisional id. */
  private static final class Proto {
    final String key;
    final StepKind kind;
    final String assetKey;
    final String checkName;
    final String partitionKey;
    // A set, because a wide fan-in (thousands of upstream steps) would make list lookups quadratic.
    final java.util.LinkedHashSet<Integer> upstream = new java.util.LinkedHashSet<>(4);
    // The same asset's previous partition in a range: ordering only.
    final List<Integer> after = new ArrayList<>(1);
    // The partitions read, by dependency position, for the loaded partitioned inputs.
    final Map<Integer, List<String>> reads = new HashMap<>(4);
    List<PlannedInput> inputs = List.of();

    Proto(String key, StepKind kind, String assetKey, String checkName, String partitionKey) {
      this.key = key;
      this.kind = kind;
      this.assetKey = assetKey;
      this.checkName = checkName;
      this.partitionKey = partitionKey;
    }

    void addUpstream(int id) {
      upstream.add(id);
    }
  }
}
