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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Stores values as JSON files under a root directory: the agent's default. Records, collections,
 * maps, strings, numbers and {@code java.time} values round-trip through Jackson; Java
 * serialization is never used.
 *
 * <p>Layout: {@code <root>/<asset key segments>/<partition>/<runId>.json}, where {@code
 * <partition>} is the URL-encoded partition key or {@code __unpartitioned__}, plus a {@code LATEST}
 * file per partition naming the run whose value is current. Loading reads the given run's file when
 * the value was produced earlier in the same run, otherwise the latest. Files are written to a
 * temporary name and moved into place, so readers never see half a value.
 *
 * <pre>{@code
 * Definitions.builder()
 *     .assets(SalesAssets.class)
 *     .resource("io_manager", new FilesystemIoManager(Path.of("/var/lib/materia/storage")))
 *     .build();
 * }</pre>
 */
public final class FilesystemIoManager implements IoManager {
  private static final String UNPARTITIONED = "__unpartitioned__";
  private static final String LATEST = "LATEST";

  private final Path root;
  private final ObjectMapper json;

  /** Stores under {@code root} with a Jackson mapper that knows records and {@code java.time}. */
  public FilesystemIoManager(Path root) {
    this(root, defaultMapper());
  }

  /** Stores under {@code root} with a caller-configured mapper (extra modules, naming). */
  public FilesystemIoManager(Path root, ObjectMapper json) {
    this.root = Objects.requireNonNull(root, "root == null").toAbsolutePath();
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
    return root;
  }

  @Override
  public Map<String, Object> store(OutputContext output, Object value) throws IOException {
    Path directory = directory(output.assetKey(), output.partitionKey());
    Files.createDirectories(directory);
    Path file = directory.resolve(fileName(output.runId()));
    Path temporary = Files.createTempFile(directory, ".value-", ".tmp");
    try {
      json.writeValue(temporary.toFile(), value);
      move(temporary, file);
      Path latestTemporary = Files.createTempFile(directory, ".latest-", ".tmp");
      Files.writeString(latestTemporary, output.runId(), StandardCharsets.UTF_8);
      move(latestTemporary, directory.resolve(LATEST));
    } finally {
      Files.deleteIfExists(temporary);
    }
    return Map.of("path", file.toString());
  }

  @Override
  public Object load(InputContext input) throws IOException {
    Path directory = directory(input.assetKey(), input.partitionKey());
    String runId = input.runId();
    if (runId == null) {
      try {
        runId = Files.readString(directory.resolve(LATEST), StandardCharsets.UTF_8).strip();
      } catch (NoSuchFileException e) {
        throw missing(input, directory);
      }
    }
    Path file = directory.resolve(fileName(runId));
    if (!Files.exists(file)) {
      throw missing(input, directory);
    }
    JavaType type = json.getTypeFactory().constructType(input.type());
    return json.readValue(file.toFile(), type);
  }

  /** The directory holding an asset partition's values. */
  public Path directory(String assetKey, String partitionKey) {
    Path directory = root;
    for (String segment : assetKey.split("/")) {
      directory = directory.resolve(segment);
    }
    return directory.resolve(
        partitionKey == null
            ? UNPARTITIONED
            : URLEncoder.encode(partitionKey, StandardCharsets.UTF_8));
  }

  private static String fileName(String runId) {
    return URLEncoder.encode(runId, StandardCharsets.UTF_8) + ".json";
  }

  private static NoSuchElementException missing(InputContext input, Path directory) {
    return new NoSuchElementException(
        "No value stored for asset \""
            + input.assetKey()
            + "\""
            + (input.partitionKey() == null ? "" : " partition \"" + input.partitionKey() + "\"")
            + (input.runId() == null ? "" : " by run " + input.runId())
            + " under "
            + directory
            + ". Fix: materialize it first, or include it in the selection.");
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
