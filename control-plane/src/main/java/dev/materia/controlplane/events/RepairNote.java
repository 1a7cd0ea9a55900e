package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.ErrorInfo;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.StepFailed;
import dev.materia.api.StepSkipped;
import dev.materia.api.StepUpForRetry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Says in an event that its text was repaired: {@code n} NULs or unpaired surrogates, which
 * PostgreSQL cannot store, became U+FFFD. The note goes where a person reads the event: after a log
 * line's message, a run's or error's message, a skip's reason, or as the metadata entry {@link
 * #METADATA_KEY} of a materialization or check. Events with keys only (run and step starts, step
 * successes) show the U+FFFD alone. Pure.
 */
final class RepairNote {
  static final String METADATA_KEY = "materia/replacedCharacters";

  private RepairNote() {}

  static String sentence(int n) {
    return "["
        + n
        + (n == 1 ? " character" : " characters")
        + " replaced with U+FFFD: NUL or unpaired surrogate, which cannot be stored]";
  }

  static RunEvent noted(RunEvent event, int n) {
    String note = sentence(n);
    return switch (event) {
      case LogLine e ->
          new LogLine(
              e.runId(), e.seq(), e.timestamp(), e.stepKey(), e.level(), append(e.message(), note));
      case RunFinished e ->
          new RunFinished(
              e.runId(),
              e.seq(),
              e.timestamp(),
              e.status(),
              e.durationMillis(),
              append(e.message(), note));
      case StepFailed e ->
          new StepFailed(
              e.runId(), e.seq(), e.timestamp(), e.stepKey(), e.attempt(), noted(e.error(), note));
      case StepUpForRetry e ->
          new StepUpForRetry(
              e.runId(),
              e.seq(),
              e.timestamp(),
              e.stepKey(),
              e.attempt(),
              e.delayMillis(),
              noted(e.error(), note));
      case StepSkipped e ->
          new StepSkipped(e.runId(), e.seq(), e.timestamp(), e.stepKey(), append(e.reason(), note));
      case AssetMaterialized e ->
          new AssetMaterialized(
              e.runId(),
              e.seq(),
              e.timestamp(),
              e.stepKey(),
              e.assetKey(),
              e.partitionKey(),
              e.dataVersion(),
              e.codeVersion(),
              e.inputDataVersions(),
              withCount(e.metadata(), n));
      case CheckEvaluated e ->
          new CheckEvaluated(
              e.runId(),
              e.seq(),
              e.timestamp(),
              e.stepKey(),
              e.assetKey(),
              e.checkName(),
              e.partitionKey(),
              e.passed(),
              e.severity(),
              e.blocking(),
              e.description(),
              withCount(e.metadata(), n));
      default -> event;
    };
  }

  private static String append(String text, String note) {
    return text == null || text.isEmpty() ? note : text + " " + note;
  }

  private static ErrorInfo noted(ErrorInfo error, String note) {
    return new ErrorInfo(error.className(), append(error.message(), note), error.stackTrace());
  }

  private static Map<String, Object> withCount(Map<String, Object> metadata, int n) {
    Map<String, Object> noted = new LinkedHashMap<>(metadata);
    noted.put(METADATA_KEY, n);
    return noted;
  }
}
