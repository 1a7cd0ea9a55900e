package dev.materia.runtime.io;

import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.OutputContext;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
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
  private final Map<String, Optional<Object>> values = new ConcurrentHashMap<>();

  @Override
  public Map<String, Object> store(OutputContext output, Object value) {
    values.put(slot(output.assetKey(), output.partitionKey()), Optional.ofNullable(value));
    return Map.of();
  }

  @Override
  public Object load(InputContext input) {
    Optional<Object> value = values.get(slot(input.assetKey(), input.partitionKey()));
    if (value == null) {
      throw new NoSuchElementException(
          "No value stored for asset \""
              + input.assetKey()
              + "\""
              + (input.partitionKey() == null ? "" : " partition \"" + input.partitionKey() + "\"")
              + " in memory. Fix: include it in the selection, or materialize it earlier with the"
              + " same InMemoryIoManager.");
    }
    return value.orElse(null);
  }

  /** Whether a value is stored for the asset partition (null partition for unpartitioned). */
  public boolean contains(String assetKey, String partitionKey) {
    return values.containsKey(slot(assetKey, partitionKey));
  }

  private static String slot(String assetKey, String partitionKey) {
    return partitionKey == null ? assetKey : assetKey + '\u0000' + partitionKey;
  }
}
