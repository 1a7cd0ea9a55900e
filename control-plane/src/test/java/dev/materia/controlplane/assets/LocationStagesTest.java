package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.selection.SnapshotAssetGraph;
import dev.materia.api.snapshot.AssetSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocationStagesTest {
  private static AssetSnapshot asset(String key, String... deps) {
    return new AssetSnapshot(
        key, List.of(deps), null, null, null, null, null, null, null, null, List.of(deps));
  }

  private static final Map<String, String> LOCATION_OF =
      Map.of("a/y", "alpha", "b/x", "beta", "a/z", "alpha", "a/w", "alpha", "c/v", "gamma");

  @Test
  void aSelectionOfOneCodeLocationHasNoStages() {
    var graph = SnapshotAssetGraph.ofAssets(List.of(asset("a/y"), asset("a/w")));

    assertThat(LocationStages.of(graph, LOCATION_OF, List.of("a/y", "a/w"))).isEmpty();
  }

  @Test
  void aLocationComesBackAsALaterStageWhenItsAssetReadsAnotherLocationsInBetween() {
    var graph =
        SnapshotAssetGraph.ofAssets(
            List.of(asset("a/y"), asset("b/x", "a/y"), asset("a/z", "b/x"), asset("a/w")));

    assertThat(LocationStages.of(graph, LOCATION_OF, List.of("a/y", "b/x", "a/z", "a/w")))
        .containsExactly(
            new LocationStages.Stage("alpha", List.of("a/y", "a/w")),
            new LocationStages.Stage("beta", List.of("b/x")),
            new LocationStages.Stage("alpha", List.of("a/z")));
  }

  @Test
  void independentLocationsAreOneStageEachInNameOrderAndUnknownKeysAreLeftOut() {
    var graph = SnapshotAssetGraph.ofAssets(List.of(asset("c/v"), asset("a/y")));

    assertThat(LocationStages.of(graph, LOCATION_OF, List.of("c/v", "a/y", "gone")))
        .containsExactly(
            new LocationStages.Stage("alpha", List.of("a/y")),
            new LocationStages.Stage("gamma", List.of("c/v")));
  }
}
