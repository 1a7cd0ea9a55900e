package dev.materia.agent.location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The isolated class loader of one code location: its jars on top of the platform loader, seeing
 * only the SDK, runtime and wire types of the agent (so values and events cross the boundary) and
 * nothing else of the agent's classpath (so a location's own Jackson or Guava never clashes with
 * ours).
 *
 * <pre>{@code
 * URLClassLoader loader = CodeLocationClassLoader.create(
 *     CodeLocationClassLoader.classpath(Path.of("/opt/locations/sales.jar")),
 *     Agent.class.getClassLoader());
 * }</pre>
 */
public final class CodeLocationClassLoader {
  /**
   * Packages shared from the agent: the SDK contract, the runtime that executes it, the wire types,
   * and the logging API user code logs through.
   */
  static final List<String> SHARED_PACKAGES =
      List.of("dev.materia.sdk.", "dev.materia.runtime.", "dev.materia.api.", "org.slf4j.");

  private CodeLocationClassLoader() {}

  /**
   * The classpath of an artifact: a jar is itself; a directory is the jars in it, sorted by name,
   * or, when it holds none, the directory itself as a class folder.
   *
   * @throws IllegalArgumentException naming the path when it does not exist or is not a jar
   */
  public static List<Path> classpath(Path artifact) {
    Objects.requireNonNull(artifact, "artifact == null");
    if (Files.isRegularFile(artifact)) {
      if (!artifact.getFileName().toString().endsWith(".jar")) {
        throw new IllegalArgumentException(
            "code location artifact "
                + artifact
                + " is not a .jar: give a jar or a directory of jars");
      }
      return List.of(artifact.toAbsolutePath());
    }
    if (!Files.isDirectory(artifact)) {
      throw new IllegalArgumentException(
          "code location artifact " + artifact + " does not exist on this agent's file system");
    }
    try (Stream<Path> files = Files.list(artifact)) {
      List<Path> jars =
          files
              .filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
              .map(Path::toAbsolutePath)
              .sorted()
              .toList();
      return jars.isEmpty() ? List.of(artifact.toAbsolutePath()) : jars;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list code location artifact " + artifact, e);
    }
  }

  /**
   * A loader for {@code classpath} whose parent shares {@link #SHARED_PACKAGES} from {@code agent}.
   */
  public static URLClassLoader create(String name, List<Path> classpath, ClassLoader agent) {
    Objects.requireNonNull(classpath, "classpath == null");
    Objects.requireNonNull(agent, "agent == null");
    List<URL> urls = new ArrayList<>(classpath.size());
    for (Path entry : classpath) {
      try {
        urls.add(entry.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("classpath entry " + entry + " is not a URL", e);
      }
    }
    return new URLClassLoader(
        "materia-location-" + name, urls.toArray(URL[]::new), new Shared(agent));
  }

  /** Parent of every location loader: platform classes, plus the shared packages from the agent. */
  private static final class Shared extends ClassLoader {
    static {
      ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader agent;

    Shared(ClassLoader agent) {
      super("materia-shared", ClassLoader.getPlatformClassLoader());
      this.agent = agent;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String prefix : SHARED_PACKAGES) {
        if (name.startsWith(prefix)) {
          return agent.loadClass(name);
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
