package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.materia.api.partitions.InvalidPartitionKeyException;
import dev.materia.api.partitions.PartitionSet;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.controlplane.api.ApiException;
import dev.materia.sdk.PartitionsDefinition;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * The partition keys of an asset that exist now, computed by the shared model in the definition's
 * own timezone, so the console lists exactly the keys the agent runs. Example, for {@code
 * ?limit=2&first=2024-03-09&last=2024-03-11}: {@code {"total": 5, "keys": ["2024-03-11",
 * "2024-03-12"], "range": {"first": "2024-03-09", "last": "2024-03-11", "size": 3}}}.
 *
 * @param total how many keys exist, or null when they live in the agent's dynamic store
 * @param keys the newest {@code limit} keys, oldest first; empty when {@code total} is null
 * @param range the size of the range asked for with {@code first} and {@code last}, or null
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AssetPartitionKeys(@Nullable Long total, List<String> keys, @Nullable Range range) {
  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;

  /**
   * An inclusive range of keys, counting keys older than the listed ones too.
   *
   * @param size how many keys the range holds
   */
  @Serdeable
  public record Range(String first, String last, long size) {}

  /**
   * The keys of {@code partitions} at {@code now}; 400 on {@code limit}, {@code first} or {@code
   * last} naming a valid key when they are wrong, 409 when the stored partitions are broken.
   */
  static AssetPartitionKeys of(
      PartitionsSnapshot partitions,
      Instant now,
      @Nullable Integer limit,
      @Nullable String first,
      @Nullable String last) {
    int listed = CatalogQuery.limit(limit == null ? DEFAULT_LIMIT : limit, MAX_LIMIT);
    if ((first == null) != (last == null)) {
      throw ApiException.invalid(
          first == null ? "first" : "last", "give first and last together, e.g. first=k&last=k");
    }
    PartitionsDefinition definition;
    try {
      definition = partitions.definition();
    } catch (RuntimeException e) {
      // Stored before snapshots were checked at the door.
      throw ApiException.conflict(
          "key",
          "the stored partitions of this asset do not make a partitions definition ("
              + e.getMessage()
              + "): upload a valid snapshot of its code location");
    }
    if (PartitionTotals.hasDynamicKeys(definition)) {
      return new AssetPartitionKeys(null, List.of(), null);
    }
    PartitionSet set = PartitionTotals.keysAt(now).of(definition);
    List<String> keys = set.keys();
    Range range = null;
    if (first != null) {
      check(set, first, "first");
      check(set, last, "last");
      try {
        range = new Range(first, last, set.range(first, last).size());
      } catch (InvalidPartitionKeyException e) {
        throw ApiException.invalid("last", e.getMessage());
      }
    }
    return new AssetPartitionKeys(
        (long) keys.size(),
        List.copyOf(keys.subList(Math.max(0, keys.size() - listed), keys.size())),
        range);
  }

  private static void check(PartitionSet set, String key, String field) {
    try {
      set.check(key);
    } catch (InvalidPartitionKeyException e) {
      throw ApiException.invalid(field, e.getMessage());
    }
  }
}
