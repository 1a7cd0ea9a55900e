package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.materia.cli.api.MateriaApi;
import java.io.IOException;
import java.time.temporal.ChronoUnit;

/**
 * A run's events as one line each for people, as {@code materialize --wait} and logs print them.
 */
final class EventLines {
  private EventLines() {}

  static String line(JsonNode node) {
    RunEvent event;
    try {
      event = MateriaApi.json().treeToValue(node, RunEvent.class);
    } catch (IOException | IllegalArgumentException e) {
      // A newer server may send an event type this CLI does not know yet.
      return prefix(node.path("seq").asLong(), node.path("timestamp").asText())
          + node.path("type").asText("event");
    }
    return prefix(event.seq(), event.timestamp().truncatedTo(ChronoUnit.MILLIS).toString())
        + describe(event);
  }

  private static String prefix(long seq, String timestamp) {
    return String.format("%5d  %s  ", seq, timestamp);
  }

  private static String describe(RunEvent event) {
    return switch (event) {
      case RunStarted e ->
          "run started: " + e.selection() + partition(e.partitionKey()) + ", steps " + e.stepKeys();
      case StepStarted e ->
          "step " + e.stepKey() + partition(e.partitionKey()) + " started" + attempt(e.attempt());
      case StepSucceeded e -> "step " + e.stepKey() + " succeeded in " + e.durationMillis() + " ms";
      case StepFailed e -> "step " + e.stepKey() + " FAILED: " + e.error().message();
      case StepUpForRetry e ->
          "step "
              + e.stepKey()
              + " failed ("
              + e.error().message()
              + "), retrying in "
              + e.delayMillis()
              + " ms";
      case StepSkipped e -> "step " + e.stepKey() + " skipped: " + e.reason();
      case AssetMaterialized e ->
          "materialized "
              + e.assetKey()
              + partition(e.partitionKey())
              + (e.metadata().isEmpty() ? "" : " " + e.metadata());
      case CheckEvaluated e ->
          "check "
              + e.checkName()
              + " on "
              + e.assetKey()
              + (e.passed() ? " passed" : " FAILED (" + e.severity() + ")")
              + (e.description() == null || e.description().isBlank()
                  ? ""
                  : ": " + e.description());
      case LogLine e ->
          e.level() + (e.stepKey() == null ? "" : " [" + e.stepKey() + "]") + " " + e.message();
      case RunFinished e ->
          "run finished: "
              + e.status()
              + " in "
              + e.durationMillis()
              + " ms"
              + (e.message() == null ? "" : ": " + e.message());
    };
  }

  private static String partition(String partitionKey) {
    return partitionKey == null ? "" : " [" + partitionKey + "]";
  }

  private static String attempt(int attempt) {
    return attempt > 1 ? " (attempt " + attempt + ")" : "";
  }
}
