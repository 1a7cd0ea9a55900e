package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * An attempt failed and the step's retry policy allows another after {@code delayMillis}.
 *
 * <p>Example: {@code new StepUpForRetry("r-1", 4, Instant.now(), "raw_orders", 1, 200,
 * ErrorInfo.of(e))}.
 *
 * @param attempt the attempt that failed
 * @param delayMillis backoff before the next attempt
 * @param error why the attempt failed
 */
@Serdeable
public record StepUpForRetry(
    String runId,
    long seq,
    Instant timestamp,
    String stepKey,
    int attempt,
    long delayMillis,
    ErrorInfo error)
    implements RunEvent {
  public static final String TYPE = "step_up_for_retry";

  public StepUpForRetry {
    EventFields.checkCommon(runId, seq, timestamp);
    EventFields.required(stepKey, "stepKey");
    if (error == null) {
      throw new IllegalArgumentException("error == null for step " + stepKey);
    }
  }
}
