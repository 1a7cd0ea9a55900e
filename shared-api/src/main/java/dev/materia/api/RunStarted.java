package dev.materia.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * The first event of every run: what was selected and which steps the plan holds.
 *
 * <p>Example: {@code new RunStarted("r-1", 1, Instant.now(), "raw_orders+", null,
 * List.of("raw_orders"))}.
 *
 * @param selection the selection text the run was launched with
 * @param partitionKey the partition the run materializes, or null for an unpartitioned run
 * @param stepKeys the planned steps in execution order
 */
@Serdeable
public record RunStarted(
    String runId,
    long seq,
    Instant timestamp,
    String selection,
    @Nullable String partitionKey,
    List<String> stepKeys)
    implements RunEvent {
  public static final String TYPE = "run_started";

  public RunStarted {
    EventFields.checkCommon(runId, seq, timestamp);
    selection = selection == null ? "" : selection;
    stepKeys = stepKeys == null ? List.of() : List.copyOf(stepKeys);
  }
}
