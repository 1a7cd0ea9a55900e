package dev.materia.controlplane.assets;

import dev.materia.api.partitions.InMemoryDynamicPartitionsStore;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.sdk.PartitionsDefinition;
import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * How many partitions a definition has at a moment, as the shared {@link PartitionKeys} counts
 * them: the time windows that have ended by then (capped by the definition's end), the static keys,
 * or the product of a multi definition's dimensions. Dynamic keys live in a store the control plane
 * does not see, so they count as unknown.
 */
public final class PartitionTotals {
  private PartitionTotals() {}

  /**
   * The number of partitions at {@code now}, or null when unknown: dynamic, or stored before
   * snapshots were checked at the door and not a definition.
   */
  public static @Nullable Long count(PartitionsSnapshot partitions, Instant now) {
    PartitionsDefinition definition;
    try {
      definition = partitions.definition();
    } catch (RuntimeException e) {
      return null;
    }
    if (hasDynamicKeys(definition)) {
      return null;
    }
    return (long) keysAt(now).of(definition).size();
  }

  /** Whether some keys of {@code definition} live in the agent's dynamic store. */
  public static boolean hasDynamicKeys(PartitionsDefinition definition) {
    return switch (definition) {
      case PartitionsDefinition.Dynamic dynamic -> true;
      case PartitionsDefinition.Multi multi ->
          hasDynamicKeys(multi.first().definition()) || hasDynamicKeys(multi.second().definition());
      default -> false;
    };
  }

  /** The keys as of {@code now}, for definitions without dynamic keys. */
  static PartitionKeys keysAt(Instant now) {
    return new PartitionKeys(
        Clock.fixed(now, ZoneOffset.UTC), new InMemoryDynamicPartitionsStore());
  }
}
