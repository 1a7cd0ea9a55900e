package dev.materia.runtime.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.selection.Selection;
import dev.materia.api.selection.SnapshotAssetGraph;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime graph is a selection view: the shared parser and evaluator select over it exactly
 * what they select over the snapshot of the same assets in the control plane.
 */
class SelectionOverTheRuntimeGraphTest {

  /**
   *
   *
   * <pre>
   * a -> b -> c -> d
   *      b -> e
   * x -> y            (group other, tag tier=gold, kind duckdb, owner ops@acme.com)
   * </pre>
   */
  private static final AssetGraph GRAPH =
      AssetGraph.of(
          List.of(
              AssetNode.builder("a").group("sales").build(),
              AssetNode.builder("b").group("sales").inputs("a").build(),
              AssetNode.builder("c").inputs("b").tags(Map.of("tier", "silver")).build(),
              AssetNode.builder("d").inputs("c").build(),
              AssetNode.builder("e").inputs("b").kinds(List.of("java")).build(),
              AssetNode.builder("x")
                  .group("other")
                  .tags(Map.of("tier", "gold"))
                  .kinds(List.of("duckdb"))
                  .owners(List.of("ops@acme.com"))
                  .build(),
              AssetNode.builder("sales/y").inputs("x").build()),
          List.of());

  /** The same assets as the control plane sees them, through the snapshot the agent uploads. */
  private static final SnapshotAssetGraph SNAPSHOT =
      SnapshotAssetGraph.ofAssets(
          GRAPH.assets().stream().map(CodeLocationSnapshots::asset).toList());

  /** The cases {@code dev.materia.api.selection.SelectionTest} checks over a snapshot graph. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "c",
        "+c",
        "++c",
        "*c",
        "b+",
        "b*",
        "+b+",
        "group:sales",
        "tag:tier=gold",
        "tag:tier",
        "kind:java",
        "owner:ops@acme.com",
        "x*, a",
        "sales/y",
        "group:other+",
        "*",
        "group:nothing",
        "d, a, c, b"
      })
  void selectsWhatTheControlPlaneSelectsInTheSameOrder(String text) {
    Selection selection = Selection.parse(text);

    assertThat(selection.resolve(GRAPH)).containsExactlyElementsOf(selection.resolve(SNAPSHOT));
  }

  @Test
  void rejectsUnknownKeySuggestingACloseOne() {
    assertThatThrownBy(() -> Selection.parse("sales/yy").resolve(GRAPH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Selection names unknown asset \"sales/yy\". Did you mean \"sales/y\"?");
  }
}
