package dev.materia.controlplane.runs;

import dev.materia.api.RunStatus;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored run, for the control plane's own packages (queue, events, agents); controllers answer
 * with {@link Run} instead.
 *
 * @param assetKeys the keys the selection resolved to at launch, each after its upstream assets
 * @param contiguousSeq the highest seq such that every event 1..it is stored
 * @param maxSeq the highest seq stored
 */
public record RunRow(
    UUID id,
    UUID orgId,
    UUID deploymentId,
    String deployment,
    String codeLocation,
    String selection,
    @Nullable String partitionKey,
    @Nullable String partitionRangeFirst,
    @Nullable String partitionRangeLast,
    Map<String, String> tags,
    List<String> assetKeys,
    RunStatus status,
    @Nullable String statusMessage,
    Instant createdAt,
    @Nullable UUID createdBy,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Instant cancelRequestedAt,
    @Nullable Instant lastHeardAt,
    long contiguousSeq,
    long maxSeq) {}
