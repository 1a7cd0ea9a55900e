package dev.materia.api.partitions;

import dev.materia.sdk.PartitionMapping;
import java.util.List;
import java.util.Objects;

/**
 * A downstream partition maps to upstream partitions that do not exist (yet): before the first,
 * after the last, or a dynamic key not added. Raised while planning, so a run never reads a missing
 * input silently; the message names the keys and the fix but not the assets, which the caller adds.
 */
public final class MissingUpstreamPartitionsException extends IllegalStateException {
  private final String downstreamKey;
  private final List<String> missingKeys;
  private final PartitionMapping mapping;

  MissingUpstreamPartitionsException(
      String downstreamKey, List<String> missingKeys, PartitionMapping mapping, String message) {
    super(message);
    this.downstreamKey = Objects.requireNonNull(downstreamKey, "downstreamKey == null");
    this.missingKeys = List.copyOf(missingKeys);
    this.mapping = Objects.requireNonNull(mapping, "mapping == null");
  }

  /** The downstream partition being planned. */
  public String downstreamKey() {
    return downstreamKey;
  }

  /** The upstream keys it maps to that are not partitions of the upstream. */
  public List<String> missingKeys() {
    return missingKeys;
  }

  /** The mapping that produced them. */
  public PartitionMapping mapping() {
    return mapping;
  }
}
