package dev.materia.runtime.plan;

import java.util.List;
import java.util.Objects;

/**
 * One loaded input of a step, with the upstream partitions it reads resolved.
 *
 * <p>Example: daily {@code cleaned} on {@code 2024-01-02} reading daily {@code raw} with offset -1
 * is {@code new PlannedInput(0, "raw", List.of("2024-01-01"), false, 0)}.
 *
 * @param dependency position of the dependency in the asset's (or check's) dependency list
 * @param upstreamKey the upstream asset
 * @param partitionKeys the upstream partitions to read, or null when the upstream is unpartitioned
 * @param several whether the parameter receives a {@code Map} by partition key
 * @param producerStep index of the step producing the upstream in this plan, or -1
 */
public record PlannedInput(
    int dependency,
    String upstreamKey,
    List<String> partitionKeys,
    boolean several,
    int producerStep) {
  public PlannedInput {
    Objects.requireNonNull(upstreamKey, "upstreamKey == null");
    if (dependency < 0) {
      throw new IllegalArgumentException("dependency must be >= 0 but was " + dependency);
    }
    partitionKeys = partitionKeys == null ? null : List.copyOf(partitionKeys);
  }
}
