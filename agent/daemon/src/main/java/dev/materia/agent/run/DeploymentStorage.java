package dev.materia.agent.run;

import dev.materia.runtime.io.FilesystemIoManager;
import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.OutputContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The agent's default I/O manager for one code location of a deployment: values are stored under
 * {@code <storage>/<deployment>/<location>/}, as before, and a value this location does not hold
 * (an asset of another code location, read through {@code @In("other/key")}) is read from the
 * deployment's other location directories, where that location's runs stored it. Asset keys are
 * unique within a deployment, so at most one location holds a key's current value.
 *
 * <p>Example: {@code new DeploymentStorage(storage.resolve("prod"), "marketing")}.
 */
final class DeploymentStorage implements IoManager {
  private final Path deploymentRoot;
  private final String location;
  private final FilesystemIoManager own;

  DeploymentStorage(Path deploymentRoot, String location) {
    this.deploymentRoot = Objects.requireNonNull(deploymentRoot, "deploymentRoot == null");
    this.location = Objects.requireNonNull(location, "location == null");
    this.own = new FilesystemIoManager(deploymentRoot.resolve(location));
  }

  @Override
  public Map<String, Object> store(OutputContext output, Object value) throws IOException {
    return own.store(output, value);
  }

  @Override
  public Object load(InputContext input) throws IOException {
    return holder(input).load(input);
  }

  /** The version stored beside the value {@link #load} reads, in whichever location holds it. */
  @Override
  public String dataVersion(InputContext input) throws IOException {
    return holder(input).dataVersion(input);
  }

  /**
   * This location's storage when it holds the value, else the other location's that does ({@code
   * dataVersion} throws when a storage holds no value).
   */
  private FilesystemIoManager holder(InputContext input) throws IOException {
    try {
      own.dataVersion(input);
      return own;
    } catch (NoSuchElementException missingHere) {
      for (Path other : otherLocations()) {
        FilesystemIoManager theirs = new FilesystemIoManager(other);
        if (Files.isDirectory(theirs.directory(input.assetKey(), input.partitionKey()))) {
          try {
            theirs.dataVersion(input);
            return theirs;
          } catch (NoSuchElementException notThereEither) {
            // Try the next location.
          }
        }
      }
      throw missingHere;
    }
  }

  private List<Path> otherLocations() throws IOException {
    if (!Files.isDirectory(deploymentRoot)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(deploymentRoot)) {
      return entries
          .filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().equals(location))
          .sorted()
          .toList();
    }
  }
}
