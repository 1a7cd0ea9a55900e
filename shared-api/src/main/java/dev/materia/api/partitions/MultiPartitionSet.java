package dev.materia.api.partitions;

import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keys of a multi definition: {@code first|second} for every pair, first dimension major. A range
 * {@code a1|b1...a2|b2} is the rectangle {@code a1...a2} × {@code b1...b2}, which is how a backfill
 * over "these days, these regions" is written.
 */
final class MultiPartitionSet implements PartitionSet {
  private final PartitionsDefinition.Multi definition;
  private final PartitionSet first;
  private final PartitionSet second;

  MultiPartitionSet(
      PartitionsDefinition.Multi definition, PartitionSet first, PartitionSet second) {
    this.definition = Objects.requireNonNull(definition, "definition == null");
    this.first = Objects.requireNonNull(first, "first == null");
    this.second = Objects.requireNonNull(second, "second == null");
  }

  @Override
  public PartitionsDefinition.Multi definition() {
    return definition;
  }

  PartitionSet first() {
    return first;
  }

  PartitionSet second() {
    return second;
  }

  @Override
  public List<String> keys() {
    return product(first.keys(), second.keys());
  }

  @Override
  public int size() {
    return first.size() * second.size();
  }

  @Override
  public boolean contains(String key) {
    String[] parts = split(key);
    return parts != null && first.contains(parts[0]) && second.contains(parts[1]);
  }

  @Override
  public String check(String key) {
    String[] parts = parts(key);
    checkPart(key, parts[0], first, definition.first());
    checkPart(key, parts[1], second, definition.second());
    return key;
  }

  @Override
  public List<String> range(String from, String to) {
    String[] low = parts(from);
    String[] high = parts(to);
    List<String> firsts = rangePart(from, to, low, high, 0);
    List<String> seconds = rangePart(from, to, low, high, 1);
    return product(firsts, seconds);
  }

  @Override
  public Optional<TimeWindow> timeWindow(String key) {
    String[] parts = parts(key);
    check(key);
    // At most one dimension is a time window (the definition enforces it), so take whichever is.
    Optional<TimeWindow> window = first.timeWindow(parts[0]);
    return window.isPresent() ? window : second.timeWindow(parts[1]);
  }

  @Override
  public String exampleKey() {
    return first.exampleKey() + PartitionsDefinition.MULTI_KEY_SEPARATOR + second.exampleKey();
  }

  /** The key made of one key per dimension. */
  static String join(String firstKey, String secondKey) {
    return firstKey + PartitionsDefinition.MULTI_KEY_SEPARATOR + secondKey;
  }

  /** The two dimension keys of {@code key}, or null when it has not exactly one separator. */
  static String[] split(String key) {
    if (key == null) {
      return null;
    }
    int at = key.indexOf(PartitionsDefinition.MULTI_KEY_SEPARATOR);
    if (at < 0 || key.indexOf(PartitionsDefinition.MULTI_KEY_SEPARATOR, at + 1) >= 0) {
      return null;
    }
    return new String[] {key.substring(0, at), key.substring(at + 1)};
  }

  String[] parts(String key) {
    String[] parts = split(key);
    if (parts == null) {
      throw new InvalidPartitionKeyException(
          String.valueOf(key),
          "\""
              + key
              + "\" is not a key of "
              + definition.describe()
              + ": expected "
              + definition.first().name()
              + "|"
              + definition.second().name()
              + ", e.g. "
              + exampleKey());
    }
    return parts;
  }

  private String checkPart(
      String key, String part, PartitionSet dimension, PartitionsDefinition.Dimension named) {
    try {
      return dimension.check(part);
    } catch (InvalidPartitionKeyException e) {
      throw new InvalidPartitionKeyException(
          key,
          "\""
              + key
              + "\" is not a key of multi partitions \""
              + definition.name()
              + "\": its "
              + named.name()
              + " "
              + e.getMessage()
              + " (e.g. "
              + exampleKey()
              + ")");
    }
  }

  private List<String> rangePart(String from, String to, String[] low, String[] high, int dim) {
    PartitionSet dimension = dim == 0 ? first : second;
    PartitionsDefinition.Dimension named = dim == 0 ? definition.first() : definition.second();
    checkPart(from, low[dim], dimension, named);
    checkPart(to, high[dim], dimension, named);
    try {
      return dimension.range(low[dim], high[dim]);
    } catch (InvalidPartitionKeyException e) {
      // Both keys were checked above, so the only failure left is a reversed range.
      String[] fixedLow = low.clone();
      String[] fixedHigh = high.clone();
      fixedLow[dim] = high[dim];
      fixedHigh[dim] = low[dim];
      throw new InvalidPartitionKeyException(
          from + "..." + to,
          "partition range \""
              + from
              + "..."
              + to
              + "\" is reversed in dimension "
              + named.name()
              + ": "
              + low[dim]
              + " comes after "
              + high[dim]
              + "; write "
              + join(fixedLow[0], fixedLow[1])
              + "..."
              + join(fixedHigh[0], fixedHigh[1]));
    }
  }

  private static List<String> product(List<String> firsts, List<String> seconds) {
    List<String> keys = new ArrayList<>(firsts.size() * seconds.size());
    for (String a : firsts) {
      for (String b : seconds) {
        keys.add(join(a, b));
      }
    }
    return keys;
  }
}
