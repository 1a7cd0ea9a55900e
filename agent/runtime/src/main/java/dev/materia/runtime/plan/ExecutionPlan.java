package dev.materia.runtime.plan;

import java.util.List;
import java.util.Objects;

/**
 * The steps of a run in a topological order, with their dependencies: what the engine executes.
 *
 * <p>Pure data; building it reads no values. Example: for {@code raw_orders+} with a blocking check
 * on {@code raw_orders}, the steps are {@code raw_orders}, {@code raw_orders:not_empty}, {@code
 * cleaned_orders}.
 *
 * @param selection the selection text it was planned from, for events
 * @param partitionKey the run's partition key, {@code first...last} for a partition range, or null
 * @param steps the steps; a step's upstream steps always come before it
 */
public record ExecutionPlan(String selection, String partitionKey, List<Step> steps) {
  public ExecutionPlan {
    Objects.requireNonNull(selection, "selection == null");
    steps = List.copyOf(steps);
  }

  /** Step keys in order, each once (a partition range has one step per key and partition). */
  public List<String> stepKeys() {
    return steps.stream().map(Step::key).distinct().toList();
  }

  /** The number of steps. */
  public int size() {
    return steps.size();
  }
}
