package dev.materia.runtime.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.selection.Selection.Atom;
import dev.materia.api.selection.Selection.Term;
import dev.materia.api.selection.SelectionSyntaxException;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runtime graph is a selection view: the shared evaluator resolves over it. */
class SelectionTest {

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

  @ParameterizedTest(name = "{0} selects {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "c; c",
        "+c; b c",
        "++c; a b c",
        "*c; a b c",
        "b+; b c e",
        "b*; b c d e",
        "+b+; a b c e",
        "group:sales; a b",
        "tag:tier=gold; x",
        "tag:tier; c x",
        "kind:java; e",
        "owner:ops@acme.com; x",
        "x*, a; a x sales/y",
        "sales/y; sales/y",
        "group:other+; x sales/y",
        "*; a b c d e x sales/y",
        "group:nothing; ''"
      })
  void resolvesSelectionsAgainstTheGraph(String text, String expected) {
    List<String> keys = expected.isBlank() ? List.of() : List.of(expected.split(" "));

    assertThat(Selection.parse(text).resolve(GRAPH)).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void returnsSelectedKeysInTopologicalOrder() {
    assertThat(Selection.parse("d, a, c, b").resolve(GRAPH)).containsExactly("a", "b", "c", "d");
  }

  @Test
  void rejectsUnknownKeySuggestingACloseOne() {
    assertThatThrownBy(() -> Selection.parse("sales/yy").resolve(GRAPH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Selection names unknown asset \"sales/yy\". Did you mean \"sales/y\"?");
  }

  @Test
  void wrapsTheSharedParserSoSyntaxErrorsComeFromIt() {
    assertThat(Selection.parse("a+").terms()).containsExactly(new Term(new Atom.Key("a"), 0, 1));
    assertThat(Selection.all().shared()).isEqualTo(dev.materia.api.selection.Selection.parse("*"));
    assertThatThrownBy(() -> Selection.parse("a,,b"))
        .isInstanceOf(SelectionSyntaxException.class)
        .hasMessageStartingWith("Invalid selection at column 3");
  }
}
