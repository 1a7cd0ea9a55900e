package dev.materia.api.snapshot;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One named dimension of a multi {@link PartitionsSnapshot}.
 *
 * <p>Example: {@code new PartitionDimensionSnapshot("region", PartitionsSnapshot.staticKeys(
 * List.of("us", "eu"), "static partitions [us, eu]"))}.
 *
 * @param name the dimension's name, e.g. {@code date}
 * @param partitions the dimension's partitions; never multi
 */
@Serdeable
public record PartitionDimensionSnapshot(String name, PartitionsSnapshot partitions) {
  public PartitionDimensionSnapshot {
    Checks.required(name, "dimension name");
    if (partitions == null) {
      throw new IllegalArgumentException("partitions == null for dimension " + name);
    }
    if (partitions.kind() == PartitionsKind.MULTI) {
      throw new IllegalArgumentException("dimension " + name + " is itself MULTI");
    }
  }
}
