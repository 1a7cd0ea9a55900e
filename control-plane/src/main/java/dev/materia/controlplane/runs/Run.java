package dev.materia.controlplane.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.PartitionRange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run as the REST API shows it.
 *
 * @param deployment the deployment's name
 * @param assetKeys the assets the selection resolved to at launch, each after its upstream assets
 * @param statusMessage why the run failed or was canceled, when known
 * @param cancelRequested whether someone asked to cancel it and the agent has not confirmed yet
 * @param contiguousSeq the highest event seq such that every event up to it is stored
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Run(
    UUID id,
    String deployment,
    String codeLocation,
    String selection,
    @Nullable String partitionKey,
    @Nullable PartitionRange partitionRange,
    Map<String, String> tags,
    List<String> assetKeys,
    RunStatus status,
    @Nullable String statusMessage,
    Instant createdAt,
    @Nullable UUID createdBy,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    boolean cancelRequested,
    long contiguousSeq) {

  static Run of(RunRow row) {
    return new Run(
        row.id(),
        row.deployment(),
        row.codeLocation(),
        row.selection(),
        row.partitionKey(),
        row.partitionRangeFirst() == null
            ? null
            : new PartitionRange(row.partitionRangeFirst(), row.partitionRangeLast()),
        row.tags(),
        row.assetKeys(),
        row.status(),
        row.statusMessage(),
        row.createdAt(),
        row.createdBy(),
        row.startedAt(),
        row.finishedAt(),
        row.cancelRequestedAt() != null && !row.status().isTerminal(),
        row.contiguousSeq());
  }
}
