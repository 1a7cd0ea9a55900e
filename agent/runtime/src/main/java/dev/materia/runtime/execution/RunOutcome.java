package dev.materia.runtime.execution;

import dev.materia.api.CheckEvaluated;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished run leaves behind: its status, each step's status, the events (when retained) and
 * the produced values (when retained).
 *
 * <p>Example: {@code outcome.stepStatuses().get("cleaned_orders")} is {@code SKIPPED} when {@code
 * raw_orders} failed.
 *
 * @param outputs values by asset key, or {@code key[partition]} for partitioned assets; entries may
 *     hold {@link Optional#empty()} for a null value
 */
public record RunOutcome(
    String runId,
    RunStatus status,
    Map<String, StepStatus> stepStatuses,
    List<RunEvent> events,
    List<CheckEvaluated> checkResults,
    Map<String, Optional<Object>> outputs) {
  public RunOutcome {
    stepStatuses = Map.copyOf(stepStatuses);
    events = List.copyOf(events);
    checkResults = List.copyOf(checkResults);
    outputs = Map.copyOf(outputs);
  }

  /** The key under which a value is kept: {@code key} or {@code key[partition]}. */
  public static String slot(String assetKey, String partitionKey) {
    return partitionKey == null ? assetKey : assetKey + "[" + partitionKey + "]";
  }
}
