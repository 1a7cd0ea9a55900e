package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;

/**
 * An inclusive range of partition keys, in the order of the asset's partitions definition.
 *
 * <p>Example: {@code new PartitionRange("2024-01-01", "2024-01-31")} is January, daily.
 *
 * @param first the first key of the range
 * @param last the last key of the range, inclusive
 */
@Serdeable
public record PartitionRange(String first, String last) {
  public PartitionRange {
    Fields.required(first, "first");
    Fields.required(last, "last");
  }
}
