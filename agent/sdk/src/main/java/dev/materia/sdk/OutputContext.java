package dev.materia.sdk;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * What an {@link IoManager} knows about a value it stores.
 *
 * <pre>{@code
 * Path path = root.resolve(output.assetKey()).resolve(output.partitionKeyOr("__all__") + ".json");
 * }</pre>
 *
 * @param assetKey the asset, e.g. {@code sales/raw_orders}
 * @param partitionKey the partition, or null when the asset is unpartitioned
 * @param runId the run producing the value
 * @param type the asset method's declared return type (unwrapped from {@link MaterializeResult})
 * @param dataVersion the value's data version, or null when unknown; an I/O manager that keeps it
 *     beside the value and answers {@link IoManager#dataVersion(InputContext)} lets a later run
 *     record which version of this value it read
 */
public record OutputContext(
    String assetKey, String partitionKey, String runId, Type type, String dataVersion) {
  public OutputContext {
    Objects.requireNonNull(assetKey, "assetKey == null");
    Objects.requireNonNull(runId, "runId == null");
    Objects.requireNonNull(type, "type == null");
  }

  /** A value without a known data version. */
  public OutputContext(String assetKey, String partitionKey, String runId, Type type) {
    this(assetKey, partitionKey, runId, type, null);
  }

  /** The partition key, or {@code fallback} when the asset is unpartitioned. */
  public String partitionKeyOr(String fallback) {
    return partitionKey == null ? fallback : partitionKey;
  }
}
