package dev.materia.controlplane.assets;

import dev.materia.api.selection.AssetGraphView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a run whose assets span code locations as stages, one location's part each, in dependency
 * order. Pure.
 *
 * <p>An asset goes into the earliest stage after every selected upstream of another location: its
 * stage number is the largest of its selected upstreams', plus one for an upstream of another
 * location. Assets of one location with one number form a stage; stages run by number, then
 * location name. So {@code a/y (alpha) → b/x (beta) → a/z (alpha)} is three stages, and two
 * independent locations' assets are one stage each.
 *
 * <pre>{@code
 * List<Stage> stages = LocationStages.of(graph, locationOf, List.of("a/y", "b/x"));
 * // [Stage[codeLocation=alpha, assetKeys=[a/y]], Stage[codeLocation=beta, assetKeys=[b/x]]]
 * }</pre>
 */
public final class LocationStages {
  private LocationStages() {}

  /** One location's part of a run: its selected assets, each after its upstream assets. */
  public record Stage(String codeLocation, List<String> assetKeys) {
    public Stage {
      assetKeys = List.copyOf(assetKeys);
    }
  }

  /**
   * The stages of a run of {@code assetKeys} over {@code graph}; empty when they are all of one
   * code location. Keys the graph does not hold are left out.
   */
  public static List<Stage> of(
      AssetGraphView graph, Map<String, String> locationOf, List<String> assetKeys) {
    Set<String> selected = new HashSet<>();
    for (String key : assetKeys) {
      if (graph.contains(key) && locationOf.containsKey(key)) {
        selected.add(key);
      }
    }
    Set<String> locations = new HashSet<>();
    selected.forEach(k -> locations.add(locationOf.get(k)));
    if (locations.size() <= 1) {
      return List.of();
    }
    int[] stageOf = new int[graph.size()];
    Map<Integer, Map<String, List<String>>> byNumber = new java.util.TreeMap<>();
    for (int index : graph.topologicalIndexes()) {
      String key = graph.keyAt(index);
      if (!selected.contains(key)) {
        continue;
      }
      String location = locationOf.get(key);
      int number = 0;
      for (int up : graph.upstreamIndexes(index)) {
        String upstream = graph.keyAt(up);
        if (selected.contains(upstream)) {
          int after = stageOf[up] + (location.equals(locationOf.get(upstream)) ? 0 : 1);
          number = Math.max(number, after);
        }
      }
      stageOf[index] = number;
      byNumber
          .computeIfAbsent(number, n -> new java.util.TreeMap<>())
          .computeIfAbsent(location, l -> new ArrayList<>())
          .add(key);
    }
    List<Stage> stages = new ArrayList<>();
    for (Map<String, List<String>> locationsOfNumber : byNumber.values()) {
      new LinkedHashMap<>(locationsOfNumber)
          .forEach((location, keys) -> stages.add(new Stage(location, keys)));
    }
    return List.copyOf(stages);
  }
}
