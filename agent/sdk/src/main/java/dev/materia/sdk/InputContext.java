package dev.materia.sdk;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * What an {@link IoManager} knows about a value it loads for a downstream step.
 *
 * <pre>{@code
 * Object value = json.readValue(file(input.assetKey(), input.partitionKey()), input.type());
 * }</pre>
 *
 * @param assetKey the upstream asset to load
 * @param partitionKey the upstream partition, or null when the upstream is unpartitioned
 * @param runId the run that stored the value when it is known (it ran earlier in this run), or null
 *     to load the latest stored value
 * @param type the Java type the downstream parameter declares
 * @param downstreamAssetKey the asset (or checked asset) reading the value
 */
public record InputContext(
    String assetKey, String partitionKey, String runId, Type type, String downstreamAssetKey) {
  public InputContext {
    Objects.requireNonNull(assetKey, "assetKey == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(downstreamAssetKey, "downstreamAssetKey == null");
  }

  /** The partition key, or {@code fallback} when the upstream is unpartitioned. */
  public String partitionKeyOr(String fallback) {
    return partitionKey == null ? fallback : partitionKey;
  }
}
