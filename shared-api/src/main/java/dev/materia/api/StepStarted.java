package dev.materia.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A step began an attempt. Attempts count from 1; a retry emits a new {@code StepStarted}.
 *
 * <p>Example: {@code new StepStarted("r-1", 2, Instant.now(), "raw_orders", "raw_orders", null,
 * 1)}.
 *
 * @param stepKey the step: an asset key, or {@code asset:check} for a check step
 * @param assetKey the asset the step materializes or checks
 * @param partitionKey the partition, or null when the asset is unpartitioned
 * @param attempt 1 for the first attempt
 */
@Serdeable
public record StepStarted(
    String runId,
    long seq,
    Instant timestamp,
    String stepKey,
    String assetKey,
    @Nullable String partitionKey,
    int attempt)
    implements RunEvent {
  public static final String TYPE = "step_started";

  public StepStarted {
    EventFields.checkCommon(runId, seq, timestamp);
    EventFields.required(stepKey, "stepKey");
    EventFields.required(assetKey, "assetKey");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1 but was " + attempt);
    }
  }
}
