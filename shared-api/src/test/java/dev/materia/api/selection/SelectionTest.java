package dev.materia.api.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.selection.Selection.Atom;
import dev.materia.api.selection.Selection.Term;
import dev.materia.api.snapshot.AssetSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  private static final SnapshotAssetGraph GRAPH =
      SnapshotAssetGraph.ofAssets(
          List.of(
              asset("a", "sales", List.of(), Map.of(), List.of(), List.of()),
              asset("b", "sales", List.of("a"), Map.of(), List.of(), List.of()),
              asset("c", null, List.of("b"), Map.of("tier", "silver"), List.of(), List.of()),
              asset("d", null, List.of("c"), Map.of(), List.of(), List.of()),
              asset("e", null, List.of("b"), Map.of(), List.of("java"), List.of()),
              asset(
                  "x",
                  "other",
                  List.of(),
                  Map.of("tier", "gold"),
                  List.of("duckdb"),
                  List.of("ops@acme.com")),
              asset("sales/y", null, List.of("x"), Map.of(), List.of(), List.of())));

  static AssetSnapshot asset(
      String key,
      String group,
      List<String> deps,
      Map<String, String> tags,
      List<String> kinds,
      List<String> owners) {
    return new AssetSnapshot(key, deps, group, "", owners, tags, kinds, null, null, null);
  }

  @Test
  void parsesEveryFormIntoTerms() {
    Selection selection =
        Selection.parse(
            "a, +b, ++c, *d, e+, f*, group:g, tag:k=v, tag:k, kind:duckdb, owner:o@x.com, *");

    assertThat(selection.terms())
        .containsExactly(
            new Term(new Atom.Key("a"), 0, 0),
            new Term(new Atom.Key("b"), 1, 0),
            new Term(new Atom.Key("c"), 2, 0),
            new Term(new Atom.Key("d"), Selection.ALL, 0),
            new Term(new Atom.Key("e"), 0, 1),
            new Term(new Atom.Key("f"), 0, Selection.ALL),
            new Term(new Atom.Group("g"), 0, 0),
            new Term(new Atom.Tag("k", "v"), 0, 0),
            new Term(new Atom.Tag("k", null), 0, 0),
            new Term(new Atom.Kind("duckdb"), 0, 0),
            new Term(new Atom.Owner("o@x.com"), 0, 0),
            new Term(new Atom.Everything(), 0, 0));
  }

  @Test
  void appliesModifiersToFiltersAndKeepsThemOutOfValues() {
    assertThat(Selection.parse("group:sales+").terms())
        .containsExactly(new Term(new Atom.Group("sales"), 0, 1));
    assertThat(Selection.parse("*tag:tier=gold*").terms())
        .containsExactly(new Term(new Atom.Tag("tier", "gold"), Selection.ALL, Selection.ALL));
  }

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
  void pointsAtAnEmptyTermBetweenCommas() {
    assertThatThrownBy(() -> Selection.parse("a,,b"))
        .isInstanceOfSatisfying(
            SelectionSyntaxException.class, e -> assertThat(e.column()).isEqualTo(3))
        .hasMessage(
            "Invalid selection at column 3: expected an asset key, *, group:, tag:, kind: or"
                + " owner: here\n  a,,b\n    ^");
  }

  @Test
  void pointsAtAnUnknownFilter() {
    assertThatThrownBy(() -> Selection.parse("a, colour:red"))
        .hasMessage(
            "Invalid selection at column 4: unknown filter \"colour:\"; use group:, tag:, kind:"
                + " or owner:\n  a, colour:red\n     ^");
  }

  @Test
  void pointsAtAWordThatIsMissingAComma() {
    assertThatThrownBy(() -> Selection.parse("raw orders"))
        .hasMessage(
            "Invalid selection at column 5: unexpected 'o'; separate terms with ',' (e.g. a, b+)\n"
                + "  raw orders\n      ^");
  }

  @ParameterizedTest(name = "\"{0}\" fails at column {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "'  '; 1; the selection is empty",
        "a,; 3; expected an asset key",
        "+; 2; expected an asset key",
        "group:; 7; group: needs a value, e.g. group:sales",
        "tag:=gold; 5; tag: needs a key before '='",
        "tag:tier=; 10; tag: needs a value after '='",
        "**a; 2; '*' after '*'",
        "+*a; 2; '*' after '+'",
        "a*+; 3; '+' after '*'",
        "sales//y; 1; empty segment",
        "a, (b); 4; unexpected '('",
        "a b; 3; separate terms with ','"
      })
  void pointsAtTheBadToken(String text, int column, String problem) {
    assertThatThrownBy(() -> Selection.parse(text))
        .isInstanceOfSatisfying(
            SelectionSyntaxException.class,
            e -> {
              assertThat(e.column()).isEqualTo(column);
              assertThat(e.selection()).isEqualTo(text);
              String[] lines = e.getMessage().split("\n");
              assertThat(lines[0]).startsWith("Invalid selection at column " + column + ": ");
              assertThat(lines[0]).contains(problem);
              assertThat(lines[1]).isEqualTo("  " + text);
              assertThat(lines[2]).isEqualTo("  " + " ".repeat(column - 1) + "^");
            });
  }
}
