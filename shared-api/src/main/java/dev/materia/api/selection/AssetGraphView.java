package dev.materia.api.selection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The read-only view of an asset graph that selections are evaluated over: assets by position,
 * their parents and children, and the attributes filters match on.
 *
 * <p>Positions run from 0 to {@code size() - 1}. The agent's runtime graph and the control plane's
 * {@link SnapshotAssetGraph} both implement it, so a selection selects the same assets on both
 * sides.
 *
 * <pre>{@code
 * AssetGraphView graph = SnapshotAssetGraph.of(snapshot);
 * Set<String> keys = Selection.parse("raw_orders+").resolve(graph);
 * }</pre>
 */
public interface AssetGraphView {
  /** Number of assets. */
  int size();

  /** Whether an asset has this key. */
  boolean contains(String key);

  /**
   * Position of the asset with this key.
   *
   * @throws IllegalArgumentException when no asset has it
   */
  int indexOf(String key);

  /** Key of the asset at {@code index}. */
  String keyAt(int index);

  /** Positions of the direct parents (upstream assets); callers must not modify the array. */
  int[] upstreamIndexes(int index);

  /** Positions of the direct children (downstream assets); callers must not modify the array. */
  int[] downstreamIndexes(int index);

  /** Every position, each asset after its parents; callers must not modify the array. */
  int[] topologicalIndexes();

  /** Group of the asset at {@code index}. */
  String groupAt(int index);

  /** Tags of the asset at {@code index}. */
  Map<String, String> tagsAt(int index);

  /** Kinds of the asset at {@code index}. */
  Collection<String> kindsAt(int index);

  /** Owners of the asset at {@code index}. */
  Collection<String> ownersAt(int index);

  /** Every key, by position; used for "did you mean" suggestions. */
  default List<String> keys() {
    List<String> keys = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      keys.add(keyAt(i));
    }
    return keys;
  }

  /**
   * Kahn's algorithm over positions, first come first served so the order is stable: the order both
   * graph implementations use. Returns fewer than {@code upstream.length} positions when the graph
   * has a cycle; the missing ones are on or behind it.
   */
  static int[] topologicalOrder(int[][] upstream, int[][] downstream) {
    int n = upstream.length;
    int[] remaining = new int[n];
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      remaining[i] = upstream[i].length;
      if (remaining[i] == 0) {
        ready.add(i);
      }
    }
    int[] order = new int[n];
    int count = 0;
    while (!ready.isEmpty()) {
      int next = ready.poll();
      order[count++] = next;
      for (int child : downstream[next]) {
        if (--remaining[child] == 0) {
          ready.add(child);
        }
      }
    }
    return count == n ? order : Arrays.copyOf(order, count);
  }
}
