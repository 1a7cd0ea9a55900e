package dev.materia.api.partitions;

import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The partition keys that exist now: turns definitions into {@link PartitionSet}s, reading "now"
 * from a {@link Clock} (open-ended time windows grow with it) and dynamic keys from a {@link
 * DynamicPartitionsStore}.
 *
 * <pre>{@code
 * PartitionKeys partitions = new PartitionKeys(Clock.systemUTC(), new InMemoryDynamicPartitionsStore());
 * partitions.check(definition, "2024-01-01");
 * List<String> backfill = partitions.of(definition).expand("2024-01-01...2024-03-31");
 * List<String> inputs = partitions.upstreamKeys(mapping, upstream, downstream, "2024-01-02");
 * }</pre>
 *
 * <p>Cheap to create and safe to share; each call reads the clock and the store afresh.
 */
public final class PartitionKeys {
  private final Clock clock;
  private final DynamicPartitionsStore store;

  public PartitionKeys(Clock clock, DynamicPartitionsStore store) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.store = Objects.requireNonNull(store, "store == null");
  }

  /** The clock that decides which time windows have ended. */
  public Clock clock() {
    return clock;
  }

  /** Where dynamic keys come from. */
  public DynamicPartitionsStore store() {
    return store;
  }

  /** The keys of {@code definition} as of now. */
  public PartitionSet of(PartitionsDefinition definition) {
    Objects.requireNonNull(definition, "definition == null");
    return switch (definition) {
      case PartitionsDefinition.TimeWindowed time -> new TimeWindowPartitionSet(time, clock);
      case PartitionsDefinition.Static fixed -> new StaticPartitionSet(fixed);
      case PartitionsDefinition.Dynamic dynamic -> new DynamicPartitionSet(dynamic, store);
      case PartitionsDefinition.Multi multi ->
          new MultiPartitionSet(
              multi, of(multi.first().definition()), of(multi.second().definition()));
    };
  }

  /** Whether {@code key} is a partition of {@code definition} now. */
  public boolean contains(PartitionsDefinition definition, String key) {
    return of(definition).contains(key);
  }

  /**
   * Returns {@code key} when it is a partition of {@code definition} now.
   *
   * @throws InvalidPartitionKeyException naming the key and a valid one
   */
  public String check(PartitionsDefinition definition, String key) {
    return of(definition).check(key);
  }

  /** The time window of {@code key}; empty for definitions without time. */
  public Optional<TimeWindow> timeWindow(PartitionsDefinition definition, String key) {
    return of(definition).timeWindow(key);
  }

  /**
   * The upstream keys that downstream partition {@code downstreamKey} reads through {@code
   * mapping}; see {@link PartitionMappings#upstreamKeys}. {@code downstream} and {@code
   * downstreamKey} are null for an unpartitioned downstream asset.
   */
  public List<String> upstreamKeys(
      PartitionMapping mapping,
      PartitionsDefinition upstream,
      PartitionsDefinition downstream,
      String downstreamKey) {
    Objects.requireNonNull(upstream, "upstream == null: an unpartitioned upstream needs no keys");
    return PartitionMappings.upstreamKeys(
        mapping, of(upstream), downstream == null ? null : of(downstream), downstreamKey);
  }

  /**
   * The downstream keys that read upstream partition {@code upstreamKey} through {@code mapping};
   * see {@link PartitionMappings#downstreamKeys}.
   */
  public List<String> downstreamKeys(
      PartitionMapping mapping,
      PartitionsDefinition upstream,
      String upstreamKey,
      PartitionsDefinition downstream) {
    return PartitionMappings.downstreamKeys(mapping, of(upstream), upstreamKey, of(downstream));
  }
}
