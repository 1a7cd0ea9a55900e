package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A step finished without error (a check step whose non-blocking check failed also succeeds).
 *
 * <p>Example: {@code new StepSucceeded("r-1", 5, Instant.now(), "raw_orders", 1, 12)}.
 *
 * @param attempt the attempt that succeeded
 * @param durationMillis wall time of that attempt
 */
@Serdeable
public record StepSucceeded(
    String runId, long seq, Instant timestamp, String stepKey, int attempt, long durationMillis)
    implements RunEvent {
  public static final String TYPE = "step_succeeded";

  public StepSucceeded {
    EventFields.checkCommon(runId, seq, timestamp);
    EventFields.required(stepKey, "stepKey");
  }
}
