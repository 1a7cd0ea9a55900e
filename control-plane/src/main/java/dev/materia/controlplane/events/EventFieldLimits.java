package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStarted;
import dev.materia.api.StepFailed;
import dev.materia.api.StepSkipped;
import dev.materia.api.StepStarted;
import dev.materia.api.StepSucceeded;
import dev.materia.api.StepUpForRetry;
import dev.materia.controlplane.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The longest identifiers an event may carry (keys are indexed and shown in lists, so a megabyte
 * step key is a mistake, not data). Free text (log messages, errors, descriptions) is bounded only
 * by the JSON limits. Pure.
 */
final class EventFieldLimits {
  /** Step keys, asset keys, partition keys, check names, the selection's step keys. */
  static final int MAX_KEY = 1_024;

  /** Data and code versions, error class names. */
  static final int MAX_VERSION = 256;

  /** A run's selection text. */
  static final int MAX_SELECTION = 10_000;

  private EventFieldLimits() {}

  /**
   * Refuses the first field of {@code events} over its limit, naming it: {@code events[3].stepKey}.
   */
  static void check(List<RunEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      check(i, events.get(i));
    }
  }

  private static void check(int i, RunEvent event) {
    switch (event) {
      case RunStarted e -> {
        at(i, "selection", e.selection(), MAX_SELECTION);
        at(i, "partitionKey", e.partitionKey(), MAX_KEY);
        for (int k = 0; k < e.stepKeys().size(); k++) {
          at(i, "stepKeys[" + k + "]", e.stepKeys().get(k), MAX_KEY);
        }
      }
      case StepStarted e -> {
        at(i, "stepKey", e.stepKey(), MAX_KEY);
        at(i, "assetKey", e.assetKey(), MAX_KEY);
        at(i, "partitionKey", e.partitionKey(), MAX_KEY);
      }
      case StepSucceeded e -> at(i, "stepKey", e.stepKey(), MAX_KEY);
      case LogLine e -> at(i, "stepKey", e.stepKey(), MAX_KEY);
      case StepFailed e -> {
        at(i, "stepKey", e.stepKey(), MAX_KEY);
        at(i, "error.className", e.error().className(), MAX_VERSION);
      }
      case StepUpForRetry e -> {
        at(i, "stepKey", e.stepKey(), MAX_KEY);
        at(i, "error.className", e.error().className(), MAX_VERSION);
      }
      case StepSkipped e -> at(i, "stepKey", e.stepKey(), MAX_KEY);
      case AssetMaterialized e -> {
        at(i, "stepKey", e.stepKey(), MAX_KEY);
        at(i, "assetKey", e.assetKey(), MAX_KEY);
        at(i, "partitionKey", e.partitionKey(), MAX_KEY);
        at(i, "dataVersion", e.dataVersion(), MAX_VERSION);
        at(i, "codeVersion", e.codeVersion(), MAX_VERSION);
        for (Map.Entry<String, String> input : e.inputDataVersions().entrySet()) {
          at(i, "inputDataVersions", input.getKey(), MAX_KEY);
          at(i, "inputDataVersions", input.getValue(), MAX_VERSION);
        }
      }
      case CheckEvaluated e -> {
        at(i, "stepKey", e.stepKey(), MAX_KEY);
        at(i, "assetKey", e.assetKey(), MAX_KEY);
        at(i, "checkName", e.checkName(), MAX_KEY);
        at(i, "partitionKey", e.partitionKey(), MAX_KEY);
      }
      default -> {}
    }
  }

  private static void at(int i, String field, @Nullable String value, int max) {
    if (value != null && value.length() > max) {
      String path = "events[" + i + "]." + field;
      throw ApiException.invalid(
          path, path + " may have at most " + max + " characters, not " + value.length());
    }
  }
}
