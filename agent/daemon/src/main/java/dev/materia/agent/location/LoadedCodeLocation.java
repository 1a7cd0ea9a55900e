package dev.materia.agent.location;

import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.sdk.Definitions;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A code location the agent has loaded: its class loader, definitions, graph and snapshot.
 *
 * <p>Runs {@link #acquire()} it while they execute; after a reload replaces it, the class loader
 * closes once the last run {@link #release()}s it.
 */
public final class LoadedCodeLocation {
  private final String deployment;
  private final String name;
  private final String version;
  private final List<Path> classpath;
  private final URLClassLoader classLoader;
  private final Definitions definitions;
  private final AssetGraph graph;
  private final CodeLocationSnapshot snapshot;
  private final AtomicInteger users = new AtomicInteger(1);

  LoadedCodeLocation(
      String deployment,
      String name,
      String version,
      List<Path> classpath,
      URLClassLoader classLoader,
      Definitions definitions,
      AssetGraph graph,
      CodeLocationSnapshot snapshot) {
    this.deployment = Objects.requireNonNull(deployment, "deployment == null");
    this.name = Objects.requireNonNull(name, "name == null");
    this.version = Objects.requireNonNull(version, "version == null");
    this.classpath = List.copyOf(classpath);
    this.classLoader = classLoader;
    this.definitions = definitions;
    this.graph = graph;
    this.snapshot = snapshot;
  }

  public String deployment() {
    return deployment;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** The jars (or class folder) the location loads from; subprocess runs load the same. */
  public List<Path> classpath() {
    return classpath;
  }

  public ClassLoader classLoader() {
    return classLoader;
  }

  public Definitions definitions() {
    return definitions;
  }

  public AssetGraph graph() {
    return graph;
  }

  public CodeLocationSnapshot snapshot() {
    return snapshot;
  }

  /**
   * Marks one more user (a run); false when the location was already closed.
   *
   * <p>Example: {@code if (location.acquire()) { try { run(); } finally { location.release(); } }}
   */
  public boolean acquire() {
    while (true) {
      int now = users.get();
      if (now == 0) {
        return false;
      }
      if (users.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Drops one user; the last one closes the class loader. */
  public void release() {
    if (users.decrementAndGet() == 0) {
      try {
        classLoader.close();
      } catch (IOException e) {
        // Jar handles leak until exit at worst; nothing a run can do about it.
      }
    }
  }

  @Override
  public String toString() {
    return deployment + "/" + name + "@" + version;
  }
}
