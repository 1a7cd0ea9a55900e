package dev.materia.runtime.graph;

import java.util.List;

/**
 * Definitions that cannot load. Each problem names the method at fault and the fix; all problems
 * found are reported together so one build-fix cycle clears them.
 *
 * <p>Example message:
 *
 * <pre>
 * 1 problem in definitions:
 *   - com.acme.Sales.cleanedOrders (asset "cleaned_orders") reads unknown asset "raw_order" through
 *     parameter 'rawOrder'. Fix: ... did you mean "raw_orders"?
 * </pre>
 */
public final class DefinitionsException extends RuntimeException {
  private final List<String> problems;

  public DefinitionsException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, one message each. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    var out = new StringBuilder();
    out.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    out.append(" in definitions:");
    for (String problem : problems) {
      out.append("\n  - ").append(problem);
    }
    return out.toString();
  }
}
