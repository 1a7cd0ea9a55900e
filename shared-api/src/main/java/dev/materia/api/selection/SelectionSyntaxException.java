package dev.materia.api.selection;

/**
 * A selection that does not parse. The message points at the bad token with its column and a caret:
 *
 * <pre>
 * Invalid selection at column 3: unknown filter "colour:"; use group:, tag:, kind: or owner:
 *   a,colour:red
 *     ^
 * </pre>
 */
public final class SelectionSyntaxException extends IllegalArgumentException {
  private final String selection;
  private final int column;

  SelectionSyntaxException(String selection, int column, String problem) {
    super(
        "Invalid selection at column "
            + column
            + ": "
            + problem
            + "\n  "
            + selection
            + "\n  "
            + " ".repeat(Math.max(0, column - 1))
            + "^");
    this.selection = selection;
    this.column = column;
  }

  /** The selection text as given. */
  public String selection() {
    return selection;
  }

  /** 1-based column of the bad token. */
  public int column() {
    return column;
  }
}
