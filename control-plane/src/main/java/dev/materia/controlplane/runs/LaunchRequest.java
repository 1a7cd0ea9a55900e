package dev.materia.controlplane.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * The body of {@code POST .../runs}.
 *
 * @param selection what to materialize: {@code key}, {@code +key}, {@code key*}, {@code group:g},
 *     {@code tag:k=v}, commas for union
 * @param codeLocation the code location holding the selected assets; may be left out when one code
 *     location holds them all
 * @param partitionKey one partition to run: this or {@code partitionRange} is required when the
 *     selection holds a partitioned asset (its unpartitioned assets run once) and refused when it
 *     holds none; never with {@code partitionRange}
 * @param partitionRange {@code {"first": "2024-01-01", "last": "2024-01-31"}}, inclusive; the same
 *     keys in every selected partitioned asset
 * @param tags free-form labels, such as {@code {"trigger": "ci"}}
 */
@Serdeable
public record LaunchRequest(
    @Nullable String selection,
    @Nullable String codeLocation,
    @Nullable String partitionKey,
    @Nullable Range partitionRange,
    @Nullable Map<String, String> tags) {

  /** An inclusive range of partition keys; checked by the service so errors name the field. */
  @Serdeable
  public record Range(@Nullable String first, @Nullable String last) {}
}
