package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The partitions of an asset that runs have touched, by partition key; keys never run are not
 * listed (their number is {@code Asset.PartitionCounts.missing}).
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PartitionPage(List<Partition> items, @Nullable String nextCursor) {

  /**
   * @param status {@code materialized}, {@code failed} or {@code in_progress}
   * @param runId the run that last changed it
   * @param staleness whether its latest materialization is up to date with its code and the
   *     upstream data versions it read (MISSING when never materialized)
   * @param stalenessCauses why it is STALE, in words; empty otherwise
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Partition(
      String partitionKey,
      String status,
      UUID runId,
      Instant updatedAt,
      Staleness staleness,
      List<String> stalenessCauses) {}
}
