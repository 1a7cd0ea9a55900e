package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One asset of a deployment's catalog: its definition from the latest snapshot and where its data
 * stands.
 *
 * @param key the asset key, e.g. {@code sales/raw_orders}
 * @param codeLocation the code location defining it
 * @param partitions kind and description of its partitions, or null when unpartitioned
 * @param latestMaterialization the newest materialization (of any partition), or null
 * @param partitionCounts partitions by status, or null when unpartitioned
 * @param checks every check of the asset with its latest result
 * @param staleness whether its data is up to date with its code and its upstream data versions
 * @param stalenessCauses why it is STALE, in words ("upstream raw_orders has a newer data version",
 *     "code version 2 ≠ 1"); empty otherwise
 * @param status the one word to show: RUNNING, FAILED, else its staleness ({@link AssetStatus})
 * @param latestRun the newest run whose assets include it, or null when no run has
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Asset(
    String key,
    String codeLocation,
    String group,
    String description,
    List<String> owners,
    Map<String, String> tags,
    List<String> kinds,
    @Nullable String codeVersion,
    @Nullable Partitions partitions,
    @Nullable Materialization latestMaterialization,
    @Nullable PartitionCounts partitionCounts,
    List<Check> checks,
    Staleness staleness,
    List<String> stalenessCauses,
    AssetStatus status,
    @Nullable LatestRun latestRun) {

  /**
   * @param kind {@code DAILY}, {@code STATIC}, {@code MULTI}, …
   * @param description the runtime's description, e.g. "daily partitions from 2024-01-01 in UTC"
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Partitions(String kind, String description) {}

  /**
   * @param partitionKey the partition written, or null for an unpartitioned asset
   * @param metadata what the step attached: row counts, durations, …
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Materialization(
      UUID runId,
      @Nullable String partitionKey,
      Instant materializedAt,
      String dataVersion,
      @Nullable String codeVersion,
      Map<String, Object> metadata) {}

  /**
   * @param total partitions that exist now, or null when unknown (dynamic partitions)
   * @param missing partitions never materialized, or null when the total is unknown
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record PartitionCounts(
      @Nullable Long total,
      long materialized,
      long failed,
      long inProgress,
      @Nullable Long missing) {}

  /**
   * @param passed the latest result, or null when the check never ran
   * @param severity {@code WARN} or {@code ERROR} of the latest result, or null
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Check(
      String name,
      boolean blocking,
      String description,
      @Nullable Boolean passed,
      @Nullable String severity,
      @Nullable Instant evaluatedAt,
      @Nullable UUID runId) {}

  /**
   * The newest run (by creation) whose assets, resolved at launch, include the asset. Its outcome
   * is the run's, not the asset's: {@code status} says the asset's.
   *
   * @param status {@code QUEUED}, {@code STARTING}, {@code STARTED}, {@code SUCCESS}, {@code
   *     FAILURE} or {@code CANCELED}
   * @param finishedAt when it ended, or null while in flight
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record LatestRun(
      UUID runId, String status, Instant createdAt, @Nullable Instant finishedAt) {}
}
