package dev.materia.runtime.plan;

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
    if (selected.isEmpty()) {
      throw new PlanningException(
          "The selection \"" + selectionText + "\" matches no assets: check keys and filters.");
    }
    boolean[] chosen = new boolean[graph.size()];
    for (String key : selected) {
      chosen[graph.indexOf(key)] = true;
    }

    List<Proto> protos = new ArrayList<>(selected.size() * 2);
    Map<String, Integer> assetStep = new HashMap<>(selected.size() * 2);
    Map<String, List<Integer>> blockingChecks = new HashMap<>();
    boolean anyPartitioned = false;
    for (int index : graph.topologicalIndexes()) {
      if (!chosen[index]) {
        continue;
      }
      AssetNode asset = graph.assets().get(index);
      String stepPartition = stepPartition(asset, partitionKey);
      anyPartitioned |= stepPartition != null;
      Proto step =
          new Proto(
              Step.assetStepKey(asset.key()), StepKind.ASSET, asset.key(), null, stepPartition);
      step.inputs = inputs(graph, asset, asset.dependencies(), stepPartition, assetStep);
      int id = protos.size();
      protos.add(step);
      assetStep.put(asset.key(), id);
      for (CheckNode check : graph.checksOf(asset.key())) {
        Proto checkStep =
            new Proto(check.key(), StepKind.CHECK, asset.key(), check.name(), stepPartition);
        checkStep.inputs = inputs(graph, asset, check.dependencies(), stepPartition, assetStep);
        int checkId = protos.size();
        protos.add(checkStep);
        if (check.blocking()) {
          blockingChecks.computeIfAbsent(asset.key(), k -> new ArrayList<>()).add(checkId);
        }
      }
    }
    if (partitionKey != null && !anyPartitioned) {
      throw new PlanningException(
          "Partition key \""
              + partitionKey
              + "\" was given, but no selected asset is partitioned. Fix: pass null as the"
              + " partition key, or select partitioned assets.");
    }

    for (int id = 0; id < protos.size(); id++) {
      Proto step = protos.get(id);
      if (step.kind == StepKind.CHECK) {
        step.addUpstream(assetStep.get(step.assetKey));
        CheckNode check =
            graph.checksOf(step.assetKey).stream()
                .filter(c -> c.name().equals(step.checkName))
                .findFirst()
                .orElseThrow();
        for (Dependency dependency : check.dependencies()) {
          Integer producer = assetStep.get(dependency.upstreamKey());
          if (producer != null) {
            step.addUpstream(producer);
          }
        }
        continue;
      }
      for (Dependency dependency : graph.asset(step.assetKey).dependencies()) {
        Integer producer = assetStep.get(dependency.upstreamKey());
        if (producer != null) {
          step.addUpstream(producer);
          for (int blocking : blockingChecks.getOrDefault(dependency.upstreamKey(), List.of())) {
            step.addUpstream(blocking);
          }
        }
      }
    }
    return order(protos, selectionText, partitionKey, assetStep);
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
      Map<String, Integer> assetStep) {
    if (dependencies.isEmpty()) {
      return List.of();
    }
    List<PlannedInput> inputs = new ArrayList<>(dependencies.size());
    for (int position = 0; position < dependencies.size(); position++) {
      Dependency dependency = dependencies.get(position);
      if (!dependency.loaded()) {
        continue;
      }
      AssetNode upstream = graph.asset(dependency.upstreamKey());
      int producer = assetStep.getOrDefault(upstream.key(), -1);
      PartitionsDefinition up = upstream.partitions();
      if (up == null) {
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
      inputs.add(new PlannedInput(position, upstream.key(), keys, several, producer));
    }
    return inputs;
  }

  private static ExecutionPlan order(
      List<Proto> protos,
      String selectionText,
      String partitionKey,
      Map<String, Integer> assetStep) {
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
      remaining[i] = protos.get(i).upstream.size();
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
