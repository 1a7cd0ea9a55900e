package dev.materia.api.partitions;

import java.util.Objects;

/**
 * A partition key or key selection that does not name partitions of a definition: malformed, out of
 * range, not yet ended, or a reversed range. The message names the bad key and a good one.
 */
public final class InvalidPartitionKeyException extends IllegalArgumentException {
  private final String key;

  InvalidPartitionKeyException(String key, String message) {
    super(message);
    this.key = Objects.requireNonNull(key, "key == null");
  }

  /** The key or selection as given. */
  public String key() {
    return key;
  }

  /** A range whose first key comes after its last. */
  static InvalidPartitionKeyException reversedRange(String first, String last) {
    String range = first + "..." + last;
    return new InvalidPartitionKeyException(
        range,
        "partition range \""
            + range
            + "\" is reversed: "
            + first
            + " comes after "
            + last
            + "; write "
            + last
            + "..."
            + first);
  }
}
