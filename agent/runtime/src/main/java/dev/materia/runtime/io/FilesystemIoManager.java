package dev.materia.runtime.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.OutputContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Stores values as JSON files under a root directory: the agent's default. Records, collections,
 * maps, strings, numbers and {@code java.time} values round-trip through Jackson; Java
 * serialization is never used.
 *
 * <p>Layout: {@code <root>/<asset key segments>/<partition>/<runId>.json}, where {@code
 * <partition>} is the URL-encoded partition key or {@code __unpartitioned__}, plus a {@code LATEST}
 * file per partition naming the run whose value is current, and a {@code <runId>.version} file
 * holding the value's data version. Loading reads the given run's file when the value was produced
 * earlier in the same run, otherwise the latest. Files are written to a temporary name and moved
 * into place, so readers never see half a value.
 *
 * <pre>{@code
 * Definitions.builder()
 *     .assets(SalesAssets.class)
 *     .resource("io_manager", new FilesystemIoManager(Path.of("/var/lib/materia/storage")))
 *     .build();
 * }</pre>
 */
public final class FilesystemIoManager implements IoManager {
  private final StorageLayout layout;
  private final ObjectMapper json;

  /** Stores under {@code root} with a Jackson mapper that knows records and {@code java.time}. */
  public FilesystemIoManager(Path root) {
    this(root, defaultMapper());
  }

  /** Stores under {@code root} with a caller-configured mapper (extra modules, naming). */
  public FilesystemIoManager(Path root, ObjectMapper json) {
    this.layout = new StorageLayout(root, "json", "value");
    this.json = Objects.requireNonNull(json, "json == null");
  }

  /** The mapper used when none is given: ISO dates, unknown properties ignored on read. */
  public static ObjectMapper defaultMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** The root directory. */
  public Path root() {
    return layout.root();
  }

  @Override
  public Map<String, Object> store(OutputContext output, Object value) throws IOException {
    Path temporary = layout.temporaryFile(output);
    try {
      json.writeValue(temporary.toFile(), value);
      return Map.of("path", layout.publish(output, temporary).toString());
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public Object load(InputContext input) throws IOException {
    Path file = layout.fileToRead(input);
    JavaType type = json.getTypeFactory().constructType(input.type());
    return json.readValue(file.toFile(), type);
  }

  /** The version written beside the value {@link #load} reads; null when it was stored without. */
  @Override
  public String dataVersion(InputContext input) throws IOException {
    return layout.dataVersion(input);
  }

  /** The directory holding an asset partition's values. */
  public Path directory(String assetKey, String partitionKey) {
    return layout.directory(assetKey, partitionKey);
  }
}
