package dev.materia.runtime.io;

import dev.materia.sdk.InputContext;
import dev.materia.sdk.OutputContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;

/**
 * Where the file-based I/O managers keep values: {@code <root>/<asset key segments>/<partition>/
 * <runId>.<extension>}, where {@code <partition>} is the URL-encoded partition key or {@code
 * __unpartitioned__}, plus a {@code LATEST} file per partition naming the run whose value is
 * current, and a {@code <runId>.version} file beside a value whose data version is known. Values
 * are written to a temporary file and moved into place, so readers never see half a value.
 */
public final class StorageLayout {
  private static final String UNPARTITIONED = "__unpartitioned__";
  private static final String LATEST = "LATEST";
  private static final String VERSION = ".version";

  private final Path root;
  private final String extension;
  private final String noun;

  /**
   * @param extension file extension of a stored value, such as {@code json}
   * @param noun what a stored value is called in messages, such as {@code value} or {@code table}
   */
  public StorageLayout(Path root, String extension, String noun) {
    this.root = Objects.requireNonNull(root, "root == null").toAbsolutePath();
    this.extension = Objects.requireNonNull(extension, "extension == null");
    this.noun = Objects.requireNonNull(noun, "noun == null");
  }

  public Path root() {
    return root;
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

  /** A fresh temporary path beside where {@code output}'s value goes; its directory exists. */
  public Path temporaryFile(OutputContext output) throws IOException {
    Path directory = Files.createDirectories(directory(output.assetKey(), output.partitionKey()));
    return directory.resolve(".value-" + UUID.randomUUID() + "." + extension + ".tmp");
  }

  /**
   * Moves a fully written {@code temporary} file into place as {@code output}'s value and points
   * {@code LATEST} at its run; returns where the value now is.
   */
  public Path publish(OutputContext output, Path temporary) throws IOException {
    Path directory = temporary.getParent();
    if (output.dataVersion() != null) {
      // Written before LATEST moves, so whoever reads the new value finds its version too.
      Path versionTemporary = Files.createTempFile(directory, ".version-", ".tmp");
      Files.writeString(versionTemporary, output.dataVersion(), StandardCharsets.UTF_8);
      move(versionTemporary, directory.resolve(runFile(output.runId()) + VERSION));
    }
    Path file = directory.resolve(fileName(output.runId()));
    move(temporary, file);
    Path latestTemporary = Files.createTempFile(directory, ".latest-", ".tmp");
    Files.writeString(latestTemporary, output.runId(), StandardCharsets.UTF_8);
    move(latestTemporary, directory.resolve(LATEST));
    return file;
  }

  /**
   * The file holding {@code input}'s value: the given run's when the input names one, otherwise the
   * latest.
   *
   * @throws NoSuchElementException naming the asset, partition and fix when nothing is stored
   */
  public Path fileToRead(InputContext input) throws IOException {
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
    return file;
  }

  /**
   * The data version stored beside the value {@link #fileToRead} names, or null when it was stored
   * without one.
   *
   * @throws NoSuchElementException naming the asset, partition and fix when nothing is stored
   */
  public String dataVersion(InputContext input) throws IOException {
    Path file = fileToRead(input);
    String name = file.getFileName().toString();
    Path version =
        file.resolveSibling(name.substring(0, name.length() - extension.length() - 1) + VERSION);
    try {
      return Files.readString(version, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private String fileName(String runId) {
    return runFile(runId) + "." + extension;
  }

  private static String runFile(String runId) {
    return URLEncoder.encode(runId, StandardCharsets.UTF_8);
  }

  private NoSuchElementException missing(InputContext input, Path directory) {
    return new NoSuchElementException(
        "No "
            + noun
            + " stored for asset \""
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
