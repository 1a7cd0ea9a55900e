package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.StepFailed;
import dev.materia.api.StepSkipped;
import dev.materia.api.StepStarted;
import dev.materia.api.StepSucceeded;
import dev.materia.api.StepUpForRetry;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of a run's plan, from the asset keys its selection resolved to at launch: each asset's
 * step (its key) and the steps of its checks ({@code asset:check}). A run's events may name nothing
 * else, so no credential can write another asset's materializations or check results through a run.
 *
 * <p>Example: {@code RunPlan.of(List.of("sales/raw_orders")).firstOutside(events)} is the first
 * event naming {@code marketing/campaigns}, if any.
 */
record RunPlan(Set<String> assetKeys) {
  /** The separator of a check's step key, as the runtime writes it: {@code asset:check}. */
  private static final char CHECK_SEPARATOR = ':';

  RunPlan {
    assetKeys = Set.copyOf(assetKeys);
  }

  static RunPlan of(List<String> assetKeys) {
    return new RunPlan(Set.copyOf(assetKeys));
  }

  /** Where an event names something outside the plan: the field ({@code events[3].assetKey}). */
  record Outside(String field, String value) {}

  /** The first field of {@code events} naming an asset, check or step outside the plan. */
  Optional<Outside> firstOutside(List<RunEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      Outside outside = outside(events.get(i), "events[" + i + "].");
      if (outside != null) {
        return Optional.of(outside);
      }
    }
    return Optional.empty();
  }

  private Outside outside(RunEvent event, String prefix) {
    return switch (event) {
      case RunStarted e -> {
        for (String step : e.stepKeys()) {
          if (!holdsStep(step)) {
            yield new Outside(prefix + "stepKeys", step);
          }
        }
        yield null;
      }
      case StepStarted e -> assetThenStep(prefix, e.assetKey(), e.stepKey());
      case AssetMaterialized e -> assetThenStep(prefix, e.assetKey(), e.stepKey());
      case CheckEvaluated e -> assetThenStep(prefix, e.assetKey(), e.stepKey());
      case StepSucceeded e -> step(prefix, e.stepKey());
      case StepFailed e -> step(prefix, e.stepKey());
      case StepUpForRetry e -> step(prefix, e.stepKey());
      case StepSkipped e -> step(prefix, e.stepKey());
      // A log line's step is a label within the run's own log, written by user code's logger.
      case LogLine e -> null;
      case RunFinished e -> null;
    };
  }

  private Outside assetThenStep(String prefix, String assetKey, String stepKey) {
    if (!assetKeys.contains(assetKey)) {
      return new Outside(prefix + "assetKey", assetKey);
    }
    return step(prefix, stepKey);
  }

  private Outside step(String prefix, String stepKey) {
    return holdsStep(stepKey) ? null : new Outside(prefix + "stepKey", stepKey);
  }

  /** Whether {@code stepKey} is an asset of the plan or a check ({@code asset:name}) of one. */
  boolean holdsStep(String stepKey) {
    if (assetKeys.contains(stepKey)) {
      return true;
    }
    int separator = stepKey.indexOf(CHECK_SEPARATOR);
    return separator > 0
        && separator < stepKey.length() - 1
        && assetKeys.contains(stepKey.substring(0, separator));
  }
}
