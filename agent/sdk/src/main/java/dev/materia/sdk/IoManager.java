package dev.materia.sdk;

import java.util.Map;

/**
 * Stores asset values after a step and loads them as inputs of downstream steps: the swappable I/O
 * layer between assets.
 *
 * <p>Implementations must be thread-safe: independent steps store and load in parallel. Register
 * one as a resource; the resource named {@code io_manager} is the default for every asset, and
 * {@code @Asset(ioManager = "name")} picks another per asset. The runtime ships an in-memory and a
 * filesystem (JSON) implementation.
 *
 * <pre>{@code
 * public final class S3JsonIoManager implements IoManager {
 *   public Map<String, Object> store(OutputContext output, Object value) throws Exception {
 *     String key = output.assetKey() + "/" + output.partitionKeyOr("all") + ".json";
 *     s3.put(bucket, key, json.write(value));
 *     return Map.of("uri", "s3://" + bucket + "/" + key);
 *   }
 *
 *   public Object load(InputContext input) throws Exception {
 *     String key = input.assetKey() + "/" + input.partitionKeyOr("all") + ".json";
 *     return json.read(s3.get(bucket, key), input.type());
 *   }
 * }
 *
 * Definitions.builder().assets(Assets.class).resource("io_manager", new S3JsonIoManager()).build();
 * }</pre>
 */
public interface IoManager {
  /**
   * Stores the value an asset step produced.
   *
   * @return metadata to record with the materialization (e.g. {@code path} or {@code uri}); empty
   *     when there is none
   */
  Map<String, Object> store(OutputContext output, Object value) throws Exception;

  /**
   * Loads a value stored earlier, converted to {@link InputContext#type()}.
   *
   * @throws java.util.NoSuchElementException when nothing is stored for the asset and partition
   */
  Object load(InputContext input) throws Exception;

  /**
   * The data version stored with the value {@link #load(InputContext)} would return for {@code
   * input} ({@link OutputContext#dataVersion()} when it was stored), so a step reading a value an
   * earlier run stored records which version it read. The default knows none: the control plane
   * then judges that input by materialization times.
   *
   * @return the version, or null when it is unknown
   * @throws java.util.NoSuchElementException when nothing is stored for the asset and partition
   */
  default String dataVersion(InputContext input) throws Exception {
    return null;
  }
}
