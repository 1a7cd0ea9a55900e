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

/** The wire name and step of each event type, for the event log's columns. */
final class EventTypes {
  private EventTypes() {}

  static String of(RunEvent event) {
    return switch (event) {
      case RunStarted e -> RunStarted.TYPE;
      case RunFinished e -> RunFinished.TYPE;
      case StepStarted e -> StepStarted.TYPE;
      case StepSucceeded e -> StepSucceeded.TYPE;
      case StepFailed e -> StepFailed.TYPE;
      case StepUpForRetry e -> StepUpForRetry.TYPE;
      case StepSkipped e -> StepSkipped.TYPE;
      case AssetMaterialized e -> AssetMaterialized.TYPE;
      case CheckEvaluated e -> CheckEvaluated.TYPE;
      case LogLine e -> LogLine.TYPE;
    };
  }

  static String stepKey(RunEvent event) {
    return switch (event) {
      case RunStarted e -> null;
      case RunFinished e -> null;
      case StepStarted e -> e.stepKey();
      case StepSucceeded e -> e.stepKey();
      case StepFailed e -> e.stepKey();
      case StepUpForRetry e -> e.stepKey();
      case StepSkipped e -> e.stepKey();
      case AssetMaterialized e -> e.stepKey();
      case CheckEvaluated e -> e.stepKey();
      case LogLine e -> e.stepKey();
    };
  }
}
