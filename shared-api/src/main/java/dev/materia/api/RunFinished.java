package dev.materia.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * The last event of every run, with its terminal status.
 *
 * <p>Example: {@code new RunFinished("r-1", 9, Instant.now(), RunStatus.SUCCESS, 120, null)}.
 *
 * @param status SUCCESS, FAILURE or CANCELED
 * @param durationMillis wall time from run start to finish
 * @param message why the run failed or was canceled; null on success
 */
@Serdeable
public record RunFinished(
    String runId,
    long seq,
    Instant timestamp,
    RunStatus status,
    long durationMillis,
    @Nullable String message)
    implements RunEvent {
  public static final String TYPE = "run_finished";

  public RunFinished {
    EventFields.checkCommon(runId, seq, timestamp);
    if (status == null || !status.isTerminal()) {
      throw new IllegalArgumentException("status must be SUCCESS, FAILURE or CANCELED: " + status);
    }
  }
}
