package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An asset's check evaluations, newest first, read from the check events of its newest runs.
 *
 * @param runsRead how many of the asset's newest runs were read (at most 100)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CheckHistory(List<Evaluation> items, int runsRead) {

  /**
   * One evaluation of a check, as its {@code check_evaluated} event said.
   *
   * @param partitionKey the partition checked, or null for an unpartitioned asset
   * @param severity {@code WARN} or {@code ERROR}
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Evaluation(
      String checkName,
      @Nullable String partitionKey,
      boolean passed,
      String severity,
      boolean blocking,
      Instant evaluatedAt,
      UUID runId,
      long seq) {}
}
