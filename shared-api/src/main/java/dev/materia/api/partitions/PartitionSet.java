package dev.materia.api.partitions;

import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The partition keys a {@link PartitionsDefinition} denotes at one moment: the time windows that
 * have ended, the static keys, or the dynamic keys added so far. Obtain one from {@link
 * PartitionKeys#of(PartitionsDefinition)}.
 *
 * <pre>{@code
 * PartitionSet days = new PartitionKeys(clock, store).of(PartitionsDefinition.daily(start));
 * days.contains("2024-02-29");                       // true
 * days.expand("2024-01-01...2024-03-31");            // 91 keys, in order
 * days.timeWindow("2024-02-29");                     // 2024-02-29T00:00Z to 2024-03-01T00:00Z
 * days.check("2024-02-30");                          // throws, naming the key and a good one
 * }</pre>
 *
 * <p>Keys are ordered: time keys by time, static keys as declared, dynamic keys as added, multi
 * keys by first dimension then second. Ranges follow that order. Enumeration is linear in the
 * number of keys, and a single key is checked in constant time (except dynamic keys, which ask the
 * store).
 */
public sealed interface PartitionSet
    permits TimeWindowPartitionSet, StaticPartitionSet, DynamicPartitionSet, MultiPartitionSet {

  /** The definition these keys come from. */
  PartitionsDefinition definition();

  /** Every key, in order. */
  List<String> keys();

  /** How many keys there are. */
  int size();

  /** Whether {@code key} is one of {@link #keys()}. */
  boolean contains(String key);

  /**
   * Returns {@code key} when it is one of {@link #keys()}.
   *
   * @throws InvalidPartitionKeyException naming the key, what is wrong, and a valid key
   */
  String check(String key);

  /**
   * The keys from {@code first} to {@code last}, both included, in order.
   *
   * @throws InvalidPartitionKeyException when either key is not valid, or {@code first} comes after
   *     {@code last}
   */
  List<String> range(String first, String last);

  /**
   * The window of a time-window key, or of the time dimension of a multi key; empty for keys
   * without time.
   *
   * @throws InvalidPartitionKeyException when {@code key} is not valid
   */
  Optional<TimeWindow> timeWindow(String key);

  /** A valid key to show in messages; the first key when there is one. */
  String exampleKey();

  /**
   * A key to suggest to someone who gave none: for time windows the latest window that has ended
   * (the one a user most often runs), else {@link #exampleKey()}.
   */
  default String suggestedKey() {
    return exampleKey();
  }

  /**
   * Expands a selection of keys for a backfill: keys and inclusive ranges {@code first...last},
   * separated by commas. Whitespace around items is ignored, and a key selected twice appears once.
   *
   * <pre>{@code
   * days.expand("2024-01-01...2024-03-31")             // January to March
   * days.expand("2024-01-01...2024-01-07, 2024-02-01") // a week and one more day
   * }</pre>
   *
   * @throws InvalidPartitionKeyException naming the bad item: empty, malformed range, unknown key,
   *     reversed range
   */
  default List<String> expand(String selection) {
    if (selection == null || selection.isBlank()) {
      throw new InvalidPartitionKeyException(
          String.valueOf(selection),
          "partition selection is empty: give a key like "
              + exampleKey()
              + ", a range like "
              + exampleRange()
              + ", or several separated by commas");
    }
    Set<String> selected = new LinkedHashSet<>();
    for (String raw : selection.split(",", -1)) {
      String item = raw.strip();
      if (item.isEmpty()) {
        throw new InvalidPartitionKeyException(
            selection,
            "partition selection \""
                + selection
                + "\" has an empty item between commas: remove the extra comma");
      }
      int separator = item.indexOf(PartitionsDefinition.RANGE_SEPARATOR);
      if (separator < 0) {
        selected.add(checkItem(item));
        continue;
      }
      String first = item.substring(0, separator).strip();
      String last =
          item.substring(separator + PartitionsDefinition.RANGE_SEPARATOR.length()).strip();
      if (first.isEmpty()
          || last.isEmpty()
          || last.contains(PartitionsDefinition.RANGE_SEPARATOR)
          || first.endsWith(".")
          || last.startsWith(".")) {
        throw new InvalidPartitionKeyException(
            item,
            "partition range \""
                + item
                + "\" is malformed: write first...last with one key on each side, e.g. "
                + exampleRange());
      }
      selected.addAll(range(first, last));
    }
    return List.copyOf(selected);
  }

  private String exampleRange() {
    List<String> keys = keys();
    return keys.size() < 2
        ? exampleKey() + PartitionsDefinition.RANGE_SEPARATOR + exampleKey()
        : keys.getFirst() + PartitionsDefinition.RANGE_SEPARATOR + keys.getLast();
  }

  private String checkItem(String item) {
    try {
      return check(item);
    } catch (InvalidPartitionKeyException e) {
      if (item.contains("..")) {
        throw new InvalidPartitionKeyException(
            item, e.getMessage() + " (a range needs three dots: first...last)");
      }
      throw e;
    }
  }
}
