package dev.materia.api.selection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed asset selection: terms joined by commas, meaning union.
 *
 * <p>Syntax: {@code key}; {@code +key} for parents ({@code ++key} for two levels) and {@code *key}
 * for all ancestors; {@code key+} and {@code key*} for children and descendants; {@code group:g},
 * {@code tag:k=v} (or {@code tag:k} for any value), {@code kind:k}, {@code owner:o}; {@code *}
 * alone for every asset. The {@code +} and {@code *} modifiers apply to filters too: {@code
 * group:sales+}.
 *
 * <pre>{@code
 * Set<String> keys = Selection.parse("raw_orders*, group:features, tag:tier=gold").resolve(graph);
 * }</pre>
 *
 * <p>The agent's runtime and the control plane both use this one parser and evaluator, over any
 * {@link AssetGraphView}, so a selection means the same on both sides.
 *
 * @param text the selection as written
 * @param terms the parsed terms
 */
public record Selection(String text, List<Term> terms) {
  /** Depth meaning "all the way" ({@code *}). */
  public static final int ALL = Integer.MAX_VALUE;

  public Selection {
    Objects.requireNonNull(text, "text == null");
    terms = List.copyOf(terms);
  }

  /**
   * Parses selection text.
   *
   * @throws SelectionSyntaxException pointing at the bad token
   */
  public static Selection parse(String text) {
    return new SelectionParser(Objects.requireNonNull(text, "selection == null")).parse();
  }

  /** Every asset. */
  public static Selection all() {
    return parse("*");
  }

  /**
   * The selected asset keys, in topological order.
   *
   * @throws IllegalArgumentException when a key names no asset, suggesting a close one
   */
  public Set<String> resolve(AssetGraphView graph) {
    BitSet selected = resolveIndexes(graph);
    Set<String> keys = new LinkedHashSet<>();
    for (int i : graph.topologicalIndexes()) {
      if (selected.get(i)) {
        keys.add(graph.keyAt(i));
      }
    }
    return keys;
  }

  /**
   * The positions of the selected assets, for callers that keep working on positions.
   *
   * @throws IllegalArgumentException when a key names no asset, suggesting a close one
   */
  public BitSet resolveIndexes(AssetGraphView graph) {
    Objects.requireNonNull(graph, "graph == null");
    BitSet selected = new BitSet(graph.size());
    for (Term term : terms) {
      BitSet seeds = seeds(term.atom(), graph);
      selected.or(seeds);
      if (term.up() > 0) {
        selected.or(walk(graph, seeds, term.up(), true));
      }
      if (term.down() > 0) {
        selected.or(walk(graph, seeds, term.down(), false));
      }
    }
    return selected;
  }

  private static BitSet seeds(Atom atom, AssetGraphView graph) {
    BitSet seeds = new BitSet(graph.size());
    if (atom instanceof Atom.Key key) {
      if (!graph.contains(key.key())) {
        throw new IllegalArgumentException(
            "Selection names unknown asset \""
                + key.key()
                + "\"."
                + Spelling.didYouMean(key.key(), graph.keys()));
      }
      seeds.set(graph.indexOf(key.key()));
      return seeds;
    }
    for (int i = 0; i < graph.size(); i++) {
      if (atom.matches(graph, i)) {
        seeds.set(i);
      }
    }
    return seeds;
  }

  private static BitSet walk(AssetGraphView graph, BitSet seeds, int depth, boolean upward) {
    BitSet reached = new BitSet(graph.size());
    ArrayDeque<int[]> queue = new ArrayDeque<>();
    for (int i = seeds.nextSetBit(0); i >= 0; i = seeds.nextSetBit(i + 1)) {
      queue.add(new int[] {i, 0});
    }
    while (!queue.isEmpty()) {
      int[] entry = queue.poll();
      if (entry[1] >= depth) {
        continue;
      }
      int[] next = upward ? graph.upstreamIndexes(entry[0]) : graph.downstreamIndexes(entry[0]);
      for (int neighbour : next) {
        if (!reached.get(neighbour)) {
          reached.set(neighbour);
          queue.add(new int[] {neighbour, entry[1] + 1});
        }
      }
    }
    return reached;
  }

  /**
   * One comma-separated term.
   *
   * @param up levels of ancestors to add: 0, n for n {@code +}, or {@link #ALL} for {@code *}
   * @param down levels of descendants to add, likewise
   */
  public record Term(Atom atom, int up, int down) {
    public Term {
      Objects.requireNonNull(atom, "atom == null");
    }
  }

  /** What a term starts from. */
  public sealed interface Atom {
    /** Whether the asset at {@code index} matches (keys are looked up directly instead). */
    boolean matches(AssetGraphView graph, int index);

    /** Every asset: {@code *}. */
    record Everything() implements Atom {
      @Override
      public boolean matches(AssetGraphView graph, int index) {
        return true;
      }
    }

    /** One asset by full key. */
    record Key(String key) implements Atom {
      @Override
      public boolean matches(AssetGraphView graph, int index) {
        return graph.keyAt(index).equals(key);
      }
    }

    /** {@code group:g}. */
    record Group(String group) implements Atom {
      @Override
      public boolean matches(AssetGraphView graph, int index) {
        return graph.groupAt(index).equals(group);
      }
    }

    /** {@code tag:k=v}, or {@code tag:k} when {@code value} is null. */
    record Tag(String key, String value) implements Atom {
      @Override
      public boolean matches(AssetGraphView graph, int index) {
        String actual = graph.tagsAt(index).get(key);
        return actual != null && (value == null || value.equals(actual));
      }
    }

    /** {@code kind:k}. */
    record Kind(String kind) implements Atom {
      @Override
      public boolean matches(AssetGraphView graph, int index) {
        return graph.kindsAt(index).contains(kind);
      }
    }

    /** {@code owner:o}. */
    record Owner(String owner) implements Atom {
      @Override
      public boolean matches(AssetGraphView graph, int index) {
        return graph.ownersAt(index).contains(owner);
      }
    }
  }

  /** Hand-written parser so errors can point at a column. */
  private static final class SelectionParser {
    private final String text;
    private int pos;

    SelectionParser(String text) {
      this.text = text;
    }

    Selection parse() {
      if (text.isBlank()) {
        throw error(1, "the selection is empty; use * for every asset, or e.g. raw_orders+");
      }
      List<Term> terms = new ArrayList<>();
      while (true) {
        skipSpaces();
        terms.add(term());
        skipSpaces();
        if (pos == text.length()) {
          return new Selection(text, terms);
        }
        char c = text.charAt(pos);
        if (c != ',') {
          throw error(pos + 1, "unexpected '" + c + "'; separate terms with ',' (e.g. a, b+)");
        }
        pos++;
      }
    }

    private Term term() {
      int start = pos;
      int up = modifiers();
      if (pos == text.length()
          || text.charAt(pos) == ','
          || Character.isWhitespace(text.charAt(pos))) {
        if (up == ALL && (pos == start + 1)) {
          int down = modifiers();
          return new Term(new Atom.Everything(), 0, down == 0 ? 0 : down);
        }
        throw error(pos + 1, "expected an asset key, *, group:, tag:, kind: or owner: here");
      }
      Atom atom = atom();
      int down = modifiers();
      return new Term(atom, up, down);
    }

    /** Reads {@code *} or a run of {@code +}; returns ALL, the count, or 0. */
    private int modifiers() {
      if (pos < text.length() && text.charAt(pos) == '*') {
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '*' || text.charAt(pos) == '+')) {
          throw error(pos + 1, "'" + text.charAt(pos) + "' after '*'; use either * or +");
        }
        return ALL;
      }
      int count = 0;
      while (pos < text.length() && text.charAt(pos) == '+') {
        count++;
        pos++;
      }
      if (count > 0 && pos < text.length() && text.charAt(pos) == '*') {
        throw error(pos + 1, "'*' after '+'; use either * or +");
      }
      return count;
    }

    private Atom atom() {
      int start = pos;
      while (pos < text.length() && isKeyChar(text.charAt(pos))) {
        pos++;
      }
      if (pos < text.length() && text.charAt(pos) == ':') {
        String filter = text.substring(start, pos);
        pos++;
        int valueStart = pos;
        while (pos < text.length() && isValueChar(text.charAt(pos))) {
          pos++;
        }
        // Trailing + or * belong to the term, not the value.
        while (pos > valueStart && (text.charAt(pos - 1) == '+' || text.charAt(pos - 1) == '*')) {
          pos--;
        }
        String value = text.substring(valueStart, pos);
        if (value.isEmpty()) {
          throw error(valueStart + 1, filter + ": needs a value, e.g. " + example(filter));
        }
        return switch (filter) {
          case "group" -> new Atom.Group(value);
          case "kind" -> new Atom.Kind(value);
          case "owner" -> new Atom.Owner(value);
          case "tag" -> tag(value, valueStart);
          default ->
              throw error(
                  start + 1,
                  "unknown filter \"" + filter + ":\"; use group:, tag:, kind: or owner:");
        };
      }
      if (pos == start) {
        throw error(
            pos + 1,
            "unexpected '"
                + text.charAt(pos)
                + "'; asset keys use letters, digits, '_', '-' and '/'");
      }
      String key = text.substring(start, pos);
      if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
        throw error(start + 1, "asset key \"" + key + "\" has an empty segment between '/'");
      }
      return new Atom.Key(key);
    }

    private Atom tag(String value, int valueStart) {
      int equals = value.indexOf('=');
      if (equals == 0) {
        throw error(valueStart + 1, "tag: needs a key before '=', e.g. tag:tier=gold");
      }
      if (equals < 0) {
        return new Atom.Tag(value, null);
      }
      if (equals == value.length() - 1) {
        throw error(valueStart + equals + 2, "tag: needs a value after '=', e.g. tag:tier=gold");
      }
      return new Atom.Tag(value.substring(0, equals), value.substring(equals + 1));
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private static boolean isKeyChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/';
    }

    private static boolean isValueChar(char c) {
      return c != ',' && !Character.isWhitespace(c);
    }

    private static String example(String filter) {
      return switch (filter) {
        case "tag" -> "tag:tier=gold";
        case "kind" -> "kind:duckdb";
        case "owner" -> "owner:team-data@acme.com";
        default -> filter + ":sales";
      };
    }

    private SelectionSyntaxException error(int column, String problem) {
      return new SelectionSyntaxException(text, column, problem);
    }
  }
}
