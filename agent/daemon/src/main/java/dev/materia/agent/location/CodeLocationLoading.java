package dev.materia.agent.location;

import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.load.CodeLocationLoader;
import dev.materia.runtime.load.DefinitionsLoader;
import dev.materia.runtime.snapshot.CodeLocationSnapshots;
import dev.materia.sdk.CodeLocation;
import dev.materia.sdk.Definitions;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Loads a code location from its classpath in an isolated class loader: finds its {@link
 * CodeLocation}, loads the definitions through the runtime, and builds the snapshot.
 *
 * <pre>{@code
 * LoadedCodeLocation sales = CodeLocationLoading.load("prod", "sales", "v3", classpath, agentLoader);
 * }</pre>
 *
 * <p>User code runs with the location's loader as the thread's context class loader, as a library
 * calling {@code ServiceLoader} or {@code Class.forName} from it expects.
 */
public final class CodeLocationLoading {
  private CodeLocationLoading() {}

  /**
   * Loads and snapshots a location.
   *
   * @param name the control plane's name for it; picks among several {@link CodeLocation}s in one
   *     jar by {@link CodeLocation#name()}
   * @throws CodeLocationLoadException carrying the runtime's message when user code or its
   *     definitions fail
   */
  public static LoadedCodeLocation load(
      String deployment, String name, String version, List<Path> classpath, ClassLoader agent) {
    return load(deployment, name, version, classpath, agent, true);
  }

  /**
   * Loads a location's definitions only, without building its graph or snapshot: for a run worker,
   * whose runtime plans from the definitions itself (the agent validated them when it loaded the
   * same location). {@link LoadedCodeLocation#graph()} and {@link LoadedCodeLocation#snapshot()}
   * are null.
   */
  public static LoadedCodeLocation loadForRun(
      String deployment, String name, String version, List<Path> classpath, ClassLoader agent) {
    return load(deployment, name, version, classpath, agent, false);
  }

  private static LoadedCodeLocation load(
      String deployment,
      String name,
      String version,
      List<Path> classpath,
      ClassLoader agent,
      boolean snapshot) {
    Objects.requireNonNull(name, "name == null");
    URLClassLoader loader = CodeLocationClassLoader.create(name, classpath, agent);
    try {
      CodeLocation location = withContextLoader(loader, () -> pick(loader, name));
      Definitions definitions = withContextLoader(loader, location::definitions);
      if (definitions == null) {
        throw new CodeLocationLoadException(
            location.getClass().getName()
                + ".definitions() returned null: return Definitions.builder()...build()",
            null);
      }
      if (!snapshot) {
        return new LoadedCodeLocation(
            deployment, name, version, classpath, loader, definitions, null, null);
      }
      AssetGraph graph = withContextLoader(loader, () -> DefinitionsLoader.load(definitions));
      return new LoadedCodeLocation(
          deployment,
          name,
          version,
          classpath,
          loader,
          definitions,
          graph,
          CodeLocationSnapshots.of(name, version, graph, definitions.schedules()));
    } catch (RuntimeException | LinkageError e) {
      close(loader);
      if (e instanceof CodeLocationLoadException known) {
        throw known;
      }
      // The runtime's own messages (DefinitionsException, CodeLocationLoader) are the user's fix;
      // whoever shows the message names the location, so it carries no "failed to load" prefix.
      throw new CodeLocationLoadException(
          e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage(), e);
    }
  }

  private static CodeLocation pick(ClassLoader loader, String name) {
    List<CodeLocation> all = CodeLocationLoader.all(loader);
    if (all.size() > 1) {
      return CodeLocationLoader.named(loader, name);
    }
    return CodeLocationLoader.single(loader);
  }

  private static <T> T withContextLoader(ClassLoader loader, Callable<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void close(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // Closing only releases jar handles.
    }
  }
}
