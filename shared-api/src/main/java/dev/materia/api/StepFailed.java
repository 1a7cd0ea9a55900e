package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A step failed for good: retries are used up, a blocking check failed, or the run was canceled.
 *
 * <p>Example: {@code new StepFailed("r-1", 6, Instant.now(), "raw_orders", 3, ErrorInfo.of(e))}.
 *
 * @param attempt the last attempt
 * @param error what went wrong, with the stack trace
 */
@Serdeable
public record StepFailed(
    String runId, long seq, Instant timestamp, String stepKey, int attempt, ErrorInfo error)
    implements RunEvent {
  public static final String TYPE = "step_failed";

  public StepFailed {
    EventFields.checkCommon(runId, seq, timestamp);
    EventFields.required(stepKey, "stepKey");
    if (error == null) {
      throw new IllegalArgumentException("error == null for step " + stepKey);
    }
  }
}
