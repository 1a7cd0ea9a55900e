package dev.materia.agent.run;

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

/**
 * Renumbers events: the worker interleaves its own events (where compute logs are, why a run was
 * terminated) with the engine's, and stitches the engine runs of a partition range into one run.
 */
final class RunEvents {
  private RunEvents() {}

  /** The same event at {@code seq}; a new event type fails to compile here until handled. */
  static RunEvent withSeq(RunEvent event, long seq) {
    return switch (event) {
      case RunStarted e ->
          new RunStarted(
              e.runId(), seq, e.timestamp(), e.selection(), e.partitionKey(), e.stepKeys());
      case RunFinished e ->
          new RunFinished(
              e.runId(), seq, e.timestamp(), e.status(), e.durationMillis(), e.message());
      case StepStarted e ->
          new StepStarted(
              e.runId(),
              seq,
              e.timestamp(),
              e.stepKey(),
              e.assetKey(),
              e.partitionKey(),
              e.attempt());
      case StepSucceeded e ->
          new StepSucceeded(
              e.runId(), seq, e.timestamp(), e.stepKey(), e.attempt(), e.durationMillis());
      case StepFailed e ->
          new StepFailed(e.runId(), seq, e.timestamp(), e.stepKey(), e.attempt(), e.error());
      case StepUpForRetry e ->
          new StepUpForRetry(
              e.runId(), seq, e.timestamp(), e.stepKey(), e.attempt(), e.delayMillis(), e.error());
      case StepSkipped e -> new StepSkipped(e.runId(), seq, e.timestamp(), e.stepKey(), e.reason());
      case AssetMaterialized e ->
          new AssetMaterialized(
              e.runId(),
              seq,
              e.timestamp(),
              e.stepKey(),
              e.assetKey(),
              e.partitionKey(),
              e.dataVersion(),
              e.codeVersion(),
              e.inputDataVersions(),
              e.metadata());
      case CheckEvaluated e ->
          new CheckEvaluated(
              e.runId(),
              seq,
              e.timestamp(),
              e.stepKey(),
              e.assetKey(),
              e.checkName(),
              e.partitionKey(),
              e.passed(),
              e.severity(),
              e.blocking(),
              e.description(),
              e.metadata());
      case LogLine e ->
          new LogLine(e.runId(), seq, e.timestamp(), e.stepKey(), e.level(), e.message());
    };
  }
}
