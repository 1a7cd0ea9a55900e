package dev.materia.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A line written through {@code context.log()} inside a step (or by the engine, with no step).
 *
 * <p>Example: {@code new LogLine("r-1", 4, now, "raw_orders", LogLevel.INFO, "generated 3 rows")}.
 *
 * @param stepKey the step that logged, or null for a run-level line
 */
@Serdeable
public record LogLine(
    String runId,
    long seq,
    Instant timestamp,
    @Nullable String stepKey,
    LogLevel level,
    String message)
    implements RunEvent {
  public static final String TYPE = "log_line";

  public LogLine {
    EventFields.checkCommon(runId, seq, timestamp);
    if (level == null) {
      throw new IllegalArgumentException("level == null");
    }
    message = message == null ? "" : message;
  }
}
