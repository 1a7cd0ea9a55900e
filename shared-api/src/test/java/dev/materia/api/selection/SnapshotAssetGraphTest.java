package dev.materia.api.selection;

import static dev.materia.api.selection.SelectionTest.asset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotAssetGraphTest {

  private static CodeLocationSnapshot location(String name, AssetSnapshot... assets) {
    return CodeLocationSnapshot.of(name, "v1", List.of(assets), List.of(), List.of());
  }

  private static AssetSnapshot plain(String key, String... deps) {
    return asset(key, null, List.of(deps), Map.of(), List.of(), List.of());
  }

  @Test
  void joinsTheAssetsOfSeveralCodeLocationsIntoOneGraph() {
    SnapshotAssetGraph graph =
        SnapshotAssetGraph.of(
            List.of(
                location("sales", plain("raw_orders"), plain("orders", "raw_orders")),
                location("marketing", plain("campaigns"))));

    assertThat(graph.size()).isEqualTo(3);
    assertThat(graph.edgeCount()).isEqualTo(1);
    assertThat(graph.codeLocationAt(graph.indexOf("orders"))).isEqualTo("sales");
    assertThat(graph.codeLocationAt(graph.indexOf("campaigns"))).isEqualTo("marketing");
    assertThat(graph.asset("orders").deps()).containsExactly("raw_orders");
    assertThat(Selection.parse("raw_orders+, campaigns").resolve(graph))
        .containsExactly("raw_orders", "campaigns", "orders");
  }

  @Test
  void joinsAnExternalDependencyToTheLocationDefiningItAndLeavesItOutAlone() {
    var needs =
        new AssetSnapshot(
            "b/x", List.of("a/y"), null, null, null, null, null, null, null, null, List.of("a/y"));
    var alpha = location("alpha", plain("a/y"));
    var beta = location("beta", needs);

    SnapshotAssetGraph joined = SnapshotAssetGraph.of(List.of(alpha, beta));
    SnapshotAssetGraph alone = SnapshotAssetGraph.of(beta);

    assertThat(Selection.parse("*b/x").resolve(joined)).containsExactly("a/y", "b/x");
    assertThat(joined.edgeCount()).isEqualTo(1);
    assertThat(Selection.parse("*b/x").resolve(alone)).containsExactly("b/x");
    assertThat(alone.edgeCount()).isZero();
  }

  @Test
  void rejectsOneAssetKeyDeclaredByTwoCodeLocations() {
    assertThatThrownBy(
            () ->
                SnapshotAssetGraph.of(
                    List.of(location("sales", plain("orders")), location("ops", plain("orders")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "asset orders is declared twice: by code location sales and by code location ops;"
                + " an asset key must be unique within a deployment");
  }

  @Test
  void rejectsADependencyOnAnUnknownAssetSuggestingACloseOne() {
    assertThatThrownBy(
            () -> SnapshotAssetGraph.ofAssets(List.of(plain("orders"), plain("b", "order"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "asset b of the given assets depends on unknown asset order. Did you mean"
                + " \"orders\"?");
  }

  @Test
  void rejectsACycle() {
    assertThatThrownBy(
            () ->
                SnapshotAssetGraph.ofAssets(
                    List.of(plain("root"), plain("a", "root", "b"), plain("b", "a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dependencies form a cycle through some of these assets: [a, b]");
  }

  @Test
  void answersUnknownKeysWithASuggestion() {
    SnapshotAssetGraph graph = SnapshotAssetGraph.ofAssets(List.of(plain("sales/orders")));

    assertThat(graph.contains("sales/orders")).isTrue();
    assertThat(graph.contains("orders")).isFalse();
    assertThatThrownBy(() -> graph.indexOf("sales/order"))
        .hasMessage("unknown asset \"sales/order\". Did you mean \"sales/orders\"?");
  }

  @Test
  void resolvesOverTenThousandAssetsAndThirtyThousandEdges() {
    int n = 10_000;
    List<AssetSnapshot> assets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<String> deps = new ArrayList<>();
      for (int back = 1; back <= 3 && i - back >= 0; back++) {
        deps.add("a" + (i - back));
      }
      assets.add(plain("a" + i, deps.toArray(String[]::new)));
    }

    SnapshotAssetGraph graph = SnapshotAssetGraph.ofAssets(assets);

    assertThat(graph.edgeCount()).isEqualTo(3 * n - 6);
    assertThat(Selection.parse("a0*").resolve(graph)).hasSize(n).startsWith("a0", "a1", "a2");
    assertThat(Selection.parse("*a9999").resolve(graph)).hasSize(n).endsWith("a9999");
    assertThat(Selection.parse("a5000+").resolve(graph))
        .containsExactly("a5000", "a5001", "a5002", "a5003");
    assertThat(Selection.parse("++a5000").resolve(graph))
        .containsExactly("a4994", "a4995", "a4996", "a4997", "a4998", "a4999", "a5000");
  }
}
