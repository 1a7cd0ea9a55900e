package dev.materia.runtime.graph;

import dev.materia.api.selection.AssetGraphView;
import dev.materia.api.selection.Spelling;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable, validated graph of assets and checks a code location declares.
 *
 * <p>{@link #of} checks structure and fails with a {@link DefinitionsException} listing every
 * problem: two assets with one key, an unknown upstream, a cycle (printed), a check on an unknown
 * asset, two checks with one name, and partitions that differ with no mapping between them. {@link
 * #withExternalUpstreams} takes an unknown upstream as an asset of another code location instead.
 *
 * <pre>{@code
 * AssetGraph graph = AssetGraph.of(List.of(rawOrders, cleanedOrders), List.of(noNulls));
 * graph.downstream("raw_orders");   // [cleaned_orders]
 * }</pre>
 *
 * <p>It is an {@link AssetGraphView}, so the shared {@code dev.materia.api.selection.Selection}
 * resolves over it exactly as the control plane's snapshot graph does.
 */
public final class AssetGraph implements AssetGraphView {
  private final List<AssetNode> assets;
  private final Map<String, Integer> indexByKey;
  private final int[][] upstream;
  private final int[][] downstream;
  private final int[] topologicalOrder;
  private final Map<String, List<CheckNode>> checksByAsset;
  private final List<CheckNode> checks;
  private final Map<String, List<String>> externalByAsset;
  private final java.util.SortedSet<String> externalKeys;

  private AssetGraph(
      List<AssetNode> assets,
      Map<String, Integer> indexByKey,
      int[][] upstream,
      int[][] downstream,
      int[] topologicalOrder,
      Map<String, List<CheckNode>> checksByAsset,
      List<CheckNode> checks,
      Map<String, List<String>> externalByAsset) {
    this.assets = assets;
    this.indexByKey = indexByKey;
    this.upstream = upstream;
    this.downstream = downstream;
    this.topologicalOrder = topologicalOrder;
    this.checksByAsset = checksByAsset;
    this.checks = checks;
    this.externalByAsset = externalByAsset;
    java.util.SortedSet<String> keys = new java.util.TreeSet<>();
    externalByAsset.values().forEach(keys::addAll);
    this.externalKeys = Collections.unmodifiableSortedSet(keys);
  }

  /** Validates and builds a graph with the standard partition rules. */
  public static AssetGraph of(Collection<AssetNode> assets, Collection<CheckNode> checks) {
    return of(assets, checks, PartitionCompatibility.STANDARD);
  }

  /**
   * Validates and builds a graph, with the standard partition rules, in which an asset's dependency
   * on a key no asset here has is an <em>external upstream</em>: an asset of another code location
   * of the deployment (the control plane checks it exists when the snapshot is uploaded). Only
   * explicit keys reach here ({@code @In("other/key")}, {@code @Asset(deps)}): the loader matches a
   * parameter by name against these definitions' own keys alone.
   */
  public static AssetGraph withExternalUpstreams(
      Collection<AssetNode> assets, Collection<CheckNode> checks) {
    return of(assets, checks, PartitionCompatibility.STANDARD, true);
  }

  /**
   * Validates and builds a graph.
   *
   * @throws DefinitionsException listing every problem found
   */
  public static AssetGraph of(
      Collection<AssetNode> assets,
      Collection<CheckNode> checks,
      PartitionCompatibility partitions) {
    return of(assets, checks, partitions, false);
  }

  private static AssetGraph of(
      Collection<AssetNode> assets,
      Collection<CheckNode> checks,
      PartitionCompatibility partitions,
      boolean externalUpstreams) {
    List<String> problems = new ArrayList<>();
    List<AssetNode> nodes = new ArrayList<>(assets.size());
    Map<String, Integer> index = new HashMap<>(assets.size() * 2);
    for (AssetNode node : assets) {
      Integer previous = index.putIfAbsent(node.key(), nodes.size());
      if (previous != null) {
        AssetNode first = nodes.get(previous);
        problems.add(
            "Asset key \""
                + node.key()
                + "\" is declared twice: by "
                + first.origin()
                + " and by "
                + node.origin()
                + ". Fix: give one of them another key, e.g. @Asset(key = \""
                + node.key()
                + "_2\"), or remove the duplicate.");
        continue;
      }
      nodes.add(node);
    }

    int n = nodes.size();
    List<List<Integer>> up = new ArrayList<>(n);
    List<List<Integer>> down = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      up.add(new ArrayList<>(2));
      down.add(new ArrayList<>(2));
    }
    Map<String, List<String>> externalByAsset = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      AssetNode node = nodes.get(i);
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (Dependency dependency : node.dependencies()) {
        Integer from = index.get(dependency.upstreamKey());
        if (from == null && externalUpstreams) {
          List<String> external =
              externalByAsset.computeIfAbsent(node.key(), k -> new ArrayList<>(1));
          if (!external.contains(dependency.upstreamKey())) {
            external.add(dependency.upstreamKey());
          }
          continue;
        }
        if (from == null) {
          problems.add(unknownUpstream(node, dependency, index.keySet()));
          continue;
        }
        if (seen.add(from)) {
          up.get(i).add(from);
          down.get(from).add(i);
        }
        partitions.problem(nodes.get(from), node, dependency).ifPresent(problems::add);
      }
    }

    Map<String, List<CheckNode>> checksByAsset = new LinkedHashMap<>();
    List<CheckNode> checkList = new ArrayList<>();
    for (CheckNode check : checks) {
      if (!index.containsKey(check.assetKey())) {
        problems.add(
            "Check "
                + check.origin()
                + " targets unknown asset \""
                + check.assetKey()
                + "\". Fix: set @AssetCheck(asset = \"...\") to the key of an asset in these"
                + " definitions, or add the asset's class to Definitions.builder().assets(...)."
                + Spelling.didYouMean(check.assetKey(), index.keySet()));
        continue;
      }
      List<CheckNode> siblings =
          checksByAsset.computeIfAbsent(check.assetKey(), k -> new ArrayList<>());
      Optional<CheckNode> same =
          siblings.stream().filter(c -> c.name().equals(check.name())).findFirst();
      if (same.isPresent()) {
        problems.add(
            "Asset \""
                + check.assetKey()
                + "\" has two checks named \""
                + check.name()
                + "\": "
                + same.get().origin()
                + " and "
                + check.origin()
                + ". Fix: give one another name with @AssetCheck(name = \"...\").");
        continue;
      }
      for (Dependency dependency : check.dependencies()) {
        if (!index.containsKey(dependency.upstreamKey())) {
          problems.add(
              "Check "
                  + check.origin()
                  + " reads unknown asset \""
                  + dependency.upstreamKey()
                  + "\" through "
                  + dependency.declaredBy()
                  + ". Fix: correct the key in @In(\"...\"), or declare that asset; a check reads"
                  + " assets of its own code location only (an asset of another code location is"
                  + " read by an asset that names it with @In)."
                  + Spelling.didYouMean(dependency.upstreamKey(), index.keySet()));
        }
      }
      siblings.add(check);
      checkList.add(check);
    }

    int[][] upstream = toArrays(up);
    int[][] downstream = toArrays(down);
    int[] order = AssetGraphView.topologicalOrder(upstream, downstream);
    if (order.length < n) {
      problems.add(describeCycle(nodes, upstream, order));
    }
    if (!problems.isEmpty()) {
      throw new DefinitionsException(problems);
    }
    Map<String, List<CheckNode>> frozenChecks = new LinkedHashMap<>();
    checksByAsset.forEach((k, v) -> frozenChecks.put(k, List.copyOf(v)));
    return new AssetGraph(
        List.copyOf(nodes),
        Collections.unmodifiableMap(index),
        upstream,
        downstream,
        order,
        Collections.unmodifiableMap(frozenChecks),
        List.copyOf(checkList),
        frozenExternal(externalByAsset));
  }

  private static Map<String, List<String>> frozenExternal(Map<String, List<String>> external) {
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    external.forEach((k, v) -> frozen.put(k, List.copyOf(new java.util.TreeSet<>(v))));
    return Collections.unmodifiableMap(frozen);
  }

  /** All assets in declaration order. */
  public List<AssetNode> assets() {
    return assets;
  }

  /**
   * The keys that assets here depend on but no asset here has: assets of other code locations of
   * the deployment, sorted. Empty unless built {@link #withExternalUpstreams}.
   */
  public java.util.SortedSet<String> externalKeys() {
    return externalKeys;
  }

  /** Whether {@code key} is an upstream of another code location, not an asset here. */
  public boolean isExternal(String key) {
    return externalKeys.contains(key);
  }

  /** The external upstream keys of one asset, sorted; empty when all its upstreams are here. */
  public List<String> externalUpstream(String key) {
    indexOf(key);
    return externalByAsset.getOrDefault(key, List.of());
  }

  /** All checks in declaration order. */
  public List<CheckNode> checks() {
    return checks;
  }

  /** Number of assets. */
  @Override
  public int size() {
    return assets.size();
  }

  /** Whether an asset has this key. */
  @Override
  public boolean contains(String key) {
    return indexByKey.containsKey(key);
  }

  /** All asset keys, in declaration order. */
  @Override
  public List<String> keys() {
    return assets.stream().map(AssetNode::key).toList();
  }

  /**
   * The asset with this key.
   *
   * @throws IllegalArgumentException naming a close key when there is none
   */
  public AssetNode asset(String key) {
    return assets.get(indexOf(key));
  }

  /** The checks on one asset, in declaration order. */
  public List<CheckNode> checksOf(String assetKey) {
    return checksByAsset.getOrDefault(assetKey, List.of());
  }

  /** Direct upstream asset keys. */
  public List<String> upstream(String key) {
    return keysOf(upstream[indexOf(key)]);
  }

  /** Direct downstream asset keys. */
  public List<String> downstream(String key) {
    return keysOf(downstream[indexOf(key)]);
  }

  /** Asset keys ordered so every asset comes after its upstream assets; stable across loads. */
  public List<String> topologicalOrder() {
    return keysOf(topologicalOrder);
  }

  /** Position of an asset in {@link #assets()}; the selection and planner work on positions. */
  @Override
  public int indexOf(String key) {
    Integer index = indexByKey.get(key);
    if (index == null) {
      throw new IllegalArgumentException(
          "unknown asset \"" + key + "\"." + Spelling.didYouMean(key, indexByKey.keySet()));
    }
    return index;
  }

  /** Upstream positions of the asset at {@code index}; callers must not modify the array. */
  @Override
  public int[] upstreamIndexes(int index) {
    return upstream[index];
  }

  /** Downstream positions of the asset at {@code index}; callers must not modify the array. */
  @Override
  public int[] downstreamIndexes(int index) {
    return downstream[index];
  }

  /** Positions in topological order; callers must not modify the array. */
  @Override
  public int[] topologicalIndexes() {
    return topologicalOrder;
  }

  @Override
  public String keyAt(int index) {
    return assets.get(index).key();
  }

  @Override
  public String groupAt(int index) {
    return assets.get(index).group();
  }

  @Override
  public Map<String, String> tagsAt(int index) {
    return assets.get(index).tags();
  }

  @Override
  public Collection<String> kindsAt(int index) {
    return assets.get(index).kinds();
  }

  @Override
  public Collection<String> ownersAt(int index) {
    return assets.get(index).owners();
  }

  private List<String> keysOf(int[] indexes) {
    List<String> keys = new ArrayList<>(indexes.length);
    for (int i : indexes) {
      keys.add(assets.get(i).key());
    }
    return Collections.unmodifiableList(keys);
  }

  private static int[][] toArrays(List<List<Integer>> lists) {
    int[][] arrays = new int[lists.size()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return arrays;
  }

  /** Finds one cycle among the assets Kahn's algorithm could not order, and prints it. */
  private static String describeCycle(List<AssetNode> nodes, int[][] upstream, int[] ordered) {
    boolean[] done = new boolean[nodes.size()];
    for (int i : ordered) {
      done[i] = true;
    }
    int start = 0;
    while (done[start]) {
      start++;
    }
    // Every unordered asset has an unordered upstream, so walking upstream must revisit one.
    Map<Integer, Integer> seenAt = new LinkedHashMap<>();
    List<Integer> walk = new ArrayList<>();
    int current = start;
    while (!seenAt.containsKey(current)) {
      seenAt.put(current, walk.size());
      walk.add(current);
      int next = -1;
      for (int parent : upstream[current]) {
        if (!done[parent]) {
          next = parent;
          break;
        }
      }
      current = next;
    }
    List<Integer> cycle = new ArrayList<>(walk.subList(seenAt.get(current), walk.size()));
    Collections.reverse(cycle); // walked upstream; print in data-flow direction
    cycle.add(cycle.getFirst());
    var path = new StringBuilder();
    var origins = new StringBuilder();
    for (int i = 0; i < cycle.size(); i++) {
      AssetNode node = nodes.get(cycle.get(i));
      if (i > 0) {
        path.append(" -> ");
      }
      path.append(node.key());
      if (i < cycle.size() - 1) {
        origins.append(i == 0 ? "" : ", ").append(node.key()).append(": ").append(node.origin());
      }
    }
    AssetNode closing = nodes.get(cycle.get(cycle.size() - 1));
    AssetNode before = nodes.get(cycle.get(cycle.size() - 2));
    String edge =
        closing.dependencies().stream()
            .filter(d -> d.upstreamKey().equals(before.key()))
            .map(Dependency::declaredBy)
            .findFirst()
            .orElse("its dependency");
    return "Cycle between assets: "
        + path
        + " (declared by "
        + origins
        + "). Fix: remove one of these dependencies, e.g. "
        + edge
        + " of "
        + closing.origin()
        + " that reads \""
        + before.key()
        + "\".";
  }

  private static String unknownUpstream(
      AssetNode node, Dependency dependency, Collection<String> known) {
    return node.origin()
        + " (asset \""
        + node.key()
        + "\") depends on unknown asset \""
        + dependency.upstreamKey()
        + "\" through "
        + dependency.declaredBy()
        + ". Fix: declare an @Asset with key \""
        + dependency.upstreamKey()
        + "\" and add its class to Definitions.builder().assets(...), or correct the key."
        + Spelling.didYouMean(dependency.upstreamKey(), known);
  }
}
