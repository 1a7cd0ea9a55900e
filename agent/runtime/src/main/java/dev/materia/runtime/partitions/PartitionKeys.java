package dev.materia.runtime.partitions;

import dev.materia.api.partitions.DynamicPartitionsStore;
import dev.materia.api.partitions.PartitionSet;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The partition keys that exist now, for the SDK's definitions: converts them with {@link
 * Partitions#toShared} and asks the shared {@link dev.materia.api.partitions.PartitionKeys}, so the
 * agent computes exactly the keys the control plane does.
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
  private final dev.materia.api.partitions.PartitionKeys shared;

  public PartitionKeys(Clock clock, DynamicPartitionsStore store) {
    this.shared = new dev.materia.api.partitions.PartitionKeys(clock, store);
  }

  /** The clock that decides which time windows have ended. */
  public Clock clock() {
    return shared.clock();
  }

  /** Where dynamic keys come from. */
  public DynamicPartitionsStore store() {
    return shared.store();
  }

  /** The keys of {@code definition} as of now. */
  public PartitionSet of(PartitionsDefinition definition) {
    return shared.of(Partitions.toShared(definition));
  }

  /** Whether {@code key} is a partition of {@code definition} now. */
  public boolean contains(PartitionsDefinition definition, String key) {
    return of(definition).contains(key);
  }

  /**
   * Returns {@code key} when it is a partition of {@code definition} now.
   *
   * @throws dev.materia.api.partitions.InvalidPartitionKeyException naming the key and a valid one
   */
  public String check(PartitionsDefinition definition, String key) {
    return of(definition).check(key);
  }

  /** The time window of {@code key}; empty for definitions without time. */
  public Optional<TimeWindow> timeWindow(PartitionsDefinition definition, String key) {
    return of(definition).timeWindow(key).map(Partitions::toSdk);
  }

  /**
   * The upstream keys that downstream partition {@code downstreamKey} reads through {@code
   * mapping}; see {@link dev.materia.api.partitions.PartitionMappings#upstreamKeys}. {@code
   * downstream} and {@code downstreamKey} are null for an unpartitioned downstream asset.
   */
  public List<String> upstreamKeys(
      PartitionMapping mapping,
      PartitionsDefinition upstream,
      PartitionsDefinition downstream,
      String downstreamKey) {
    return shared.upstreamKeys(
        Partitions.toShared(mapping),
        Partitions.toShared(upstream),
        Partitions.toShared(downstream),
        downstreamKey);
  }

  /**
   * The downstream keys that read upstream partition {@code upstreamKey} through {@code mapping};
   * see {@link dev.materia.api.partitions.PartitionMappings#downstreamKeys}.
   */
  public List<String> downstreamKeys(
      PartitionMapping mapping,
      PartitionsDefinition upstream,
      String upstreamKey,
      PartitionsDefinition downstream) {
    return shared.downstreamKeys(
        Partitions.toShared(mapping),
        Partitions.toShared(upstream),
        upstreamKey,
        Partitions.toShared(downstream));
  }
}
