package dev.materia.runtime.io;

import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.OutputContext;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the latest value of each asset partition in memory: the default for {@code Materializer},
 * where values never leave the test's JVM. Share one instance across runs to read what an earlier
 * run stored.
 *
 * <pre>{@code
 * InMemoryIoManager store = new InMemoryIoManager();
 * Materializer.materialize(definitions, "raw_orders", null, RunOptions.builder().ioManager(store).build());
 * Materializer.materialize(definitions, "cleaned_orders", null, RunOptions.builder().ioManager(store).build());
 * }</pre>
 */
public final class InMemoryIoManager implements IoManager {
  private final Map<String, Stored> values = new ConcurrentHashMap<>();

  /** A value with the data version it was stored with (null when unknown). */
  private record Stored(Object value, String dataVersion) {}

  @Override
  public Map<String, Object> store(OutputContext output, Object value) {
    values.put(
        slot(output.assetKey(), output.partitionKey()), new Stored(value, output.dataVersion()));
    return Map.of();
  }

  @Override
  public Object load(InputContext input) {
    return stored(input).value();
  }

  @Override
  public String dataVersion(InputContext input) {
    return stored(input).dataVersion();
  }

  private Stored stored(InputContext input) {
    Stored value = values.get(slot(input.assetKey(), input.partitionKey()));
    if (value == null) {
      throw new NoSuchElementException(
          "No value stored for asset \""
              + input.assetKey()
              + "\""
              + (input.partitionKey() == null ? "" : " partition \"" + input.partitionKey() + "\"")
              + " in memory. Fix: include it in the selection, or materialize it earlier with the"
              + " same InMemoryIoManager.");
    }
    return value;
  }

  /** Whether a value is stored for the asset partition (null partition for unpartitioned). */
  public boolean contains(String assetKey, String partitionKey) {
    return values.containsKey(slot(assetKey, partitionKey));
  }

  private static String slot(String assetKey, String partitionKey) {
    return partitionKey == null ? assetKey : assetKey + '\u0000' + partitionKey;
  }
}
