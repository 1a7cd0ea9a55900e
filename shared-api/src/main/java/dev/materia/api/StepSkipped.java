package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A step did not run: an upstream step failed or was skipped, or the run was canceled first.
 *
 * <p>Example: {@code new StepSkipped("r-1", 7, Instant.now(), "orders_by_region", "upstream step
 * cleaned_orders failed")}.
 *
 * @param reason why, naming the upstream step when there is one
 */
@Serdeable
public record StepSkipped(String runId, long seq, Instant timestamp, String stepKey, String reason)
    implements RunEvent {
  public static final String TYPE = "step_skipped";

  public StepSkipped {
    EventFields.checkCommon(runId, seq, timestamp);
    EventFields.required(stepKey, "stepKey");
    reason = reason == null ? "" : reason;
  }
}
