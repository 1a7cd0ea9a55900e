package dev.materia.runtime;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import dev.materia.runtime.execution.RunOutcome;
import dev.materia.runtime.execution.StepStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@link Materializer#materialize}: whether the run succeeded, the values it
 * produced, its events and its check results.
 *
 * <pre>{@code
 * ExecutionResult result = Materializer.materialize(definitions, "sales_summary*", null);
 * assertThat(result.success()).isTrue();
 * List<CustomerSummary> summary = result.output("sales_summary", List.class);
 * }</pre>
 */
public final class ExecutionResult {
  private final RunOutcome outcome;
  private final String partitionKey;

  ExecutionResult(RunOutcome outcome, String partitionKey) {
    this.outcome = outcome;
    this.partitionKey = partitionKey;
  }

  /** True when every planned step succeeded. */
  public boolean success() {
    return outcome.status() == RunStatus.SUCCESS;
  }

  /** SUCCESS, FAILURE or CANCELED. */
  public RunStatus status() {
    return outcome.status();
  }

  /** The run's id, as in its events. */
  public String runId() {
    return outcome.runId();
  }

  /**
   * The value an asset step produced in this run (for a partitioned asset, the run's partition).
   *
   * @throws IllegalArgumentException when the asset was not materialized in this run, saying why
   */
  public Object output(String assetKey) {
    Optional<Object> value = outcome.outputs().get(RunOutcome.slot(assetKey, partitionKey));
    if (value == null) {
      value = outcome.outputs().get(RunOutcome.slot(assetKey, null));
    }
    if (value == null) {
      StepStatus status = outcome.stepStatuses().get(assetKey);
      throw new IllegalArgumentException(
          "Asset \""
              + assetKey
              + "\" was not materialized in run "
              + runId()
              + (status == null ? " (it was not selected)" : " (its step " + status + ")")
              + "; materialized: "
              + outcome.outputs().keySet()
              + ".");
    }
    return value.orElse(null);
  }

  /** {@link #output(String)} cast to {@code type}. */
  public <T> T output(String assetKey, Class<T> type) {
    return type.cast(output(assetKey));
  }

  /** Every produced value, by asset key ({@code key[partition]} for partitioned assets). */
  public Map<String, Optional<Object>> outputs() {
    return outcome.outputs();
  }

  /** The run's events in seq order. */
  public List<RunEvent> events() {
    return outcome.events();
  }

  /** The events of one type, in seq order. */
  public <E extends RunEvent> List<E> events(Class<E> type) {
    return outcome.events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The asset materializations, in seq order. */
  public List<AssetMaterialized> materializations() {
    return events(AssetMaterialized.class);
  }

  /** Every check evaluated in the run, in seq order. */
  public List<CheckEvaluated> checkResults() {
    return outcome.checkResults();
  }

  /**
   * The evaluation of one check.
   *
   * @throws IllegalArgumentException when it was not evaluated in this run
   */
  public CheckEvaluated checkResult(String assetKey, String checkName) {
    return checkResults().stream()
        .filter(c -> c.assetKey().equals(assetKey) && c.checkName().equals(checkName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Check "
                        + assetKey
                        + ":"
                        + checkName
                        + " was not evaluated in this run; evaluated: "
                        + checkResults().stream()
                            .map(c -> c.assetKey() + ":" + c.checkName())
                            .toList()));
  }

  /** How each step ended, by step key. */
  public Map<String, StepStatus> stepStatuses() {
    return outcome.stepStatuses();
  }

  /** How one step ended, or null when it was not planned. */
  public StepStatus stepStatus(String stepKey) {
    return outcome.stepStatuses().get(stepKey);
  }

  @Override
  public String toString() {
    return "ExecutionResult[" + runId() + " " + status() + " " + stepStatuses() + "]";
  }
}
