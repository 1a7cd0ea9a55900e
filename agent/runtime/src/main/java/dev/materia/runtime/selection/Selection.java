package dev.materia.runtime.selection;

import dev.materia.runtime.graph.AssetGraph;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed asset selection, under the name runtime callers already use. Parsing and evaluation are
 * the shared {@link dev.materia.api.selection.Selection}'s (see there for the syntax), so a
 * selection selects the same assets in the agent as in the control plane.
 *
 * <pre>{@code
 * Set<String> keys = Selection.parse("raw_orders*, group:features").resolve(graph);
 * }</pre>
 */
public final class Selection {
  private final dev.materia.api.selection.Selection shared;

  private Selection(dev.materia.api.selection.Selection shared) {
    this.shared = Objects.requireNonNull(shared, "shared == null");
  }

  /**
   * Parses selection text.
   *
   * @throws dev.materia.api.selection.SelectionSyntaxException pointing at the bad token
   */
  public static Selection parse(String text) {
    return new Selection(dev.materia.api.selection.Selection.parse(text));
  }

  /** Every asset. */
  public static Selection all() {
    return new Selection(dev.materia.api.selection.Selection.all());
  }

  /** The selection as written. */
  public String text() {
    return shared.text();
  }

  /** The parsed terms. */
  public List<dev.materia.api.selection.Selection.Term> terms() {
    return shared.terms();
  }

  /** The shared selection this wraps. */
  public dev.materia.api.selection.Selection shared() {
    return shared;
  }

  /**
   * The selected asset keys, in topological order.
   *
   * @throws IllegalArgumentException when a key names no asset, suggesting a close one
   */
  public Set<String> resolve(AssetGraph graph) {
    return shared.resolve(graph);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Selection that && shared.equals(that.shared);
  }

  @Override
  public int hashCode() {
    return shared.hashCode();
  }

  @Override
  public String toString() {
    return shared.toString();
  }
}
