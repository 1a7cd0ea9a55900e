package dev.materia.runtime.load;

import dev.materia.sdk.CodeLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link CodeLocation} implementations a jar registers in {@code
 * META-INF/services/dev.materia.sdk.CodeLocation}.
 *
 * <pre>{@code
 * try (URLClassLoader jar = new URLClassLoader(new URL[] {path.toUri().toURL()})) {
 *   CodeLocation location = CodeLocationLoader.single(jar);
 *   AssetGraph graph = DefinitionsLoader.load(location.definitions());
 * }
 * }</pre>
 */
public final class CodeLocationLoader {
  private static final String SERVICE_FILE = "META-INF/services/" + CodeLocation.class.getName();

  private CodeLocationLoader() {}

  /**
   * Every registered code location visible to {@code classLoader}.
   *
   * @throws IllegalStateException naming the class that could not be created, and the fix
   */
  public static List<CodeLocation> all(ClassLoader classLoader) {
    List<CodeLocation> locations = new ArrayList<>();
    try {
      for (CodeLocation location : ServiceLoader.load(CodeLocation.class, classLoader)) {
        locations.add(location);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "A code location listed in "
              + SERVICE_FILE
              + " could not be created: "
              + e.getMessage()
              + ". Fix: the class must implement dev.materia.sdk.CodeLocation and have a public"
              + " no-arg constructor.",
          e);
    }
    return locations;
  }

  /**
   * The one code location visible to {@code classLoader}.
   *
   * @throws IllegalStateException when there is none or more than one
   */
  public static CodeLocation single(ClassLoader classLoader) {
    List<CodeLocation> locations = all(classLoader);
    if (locations.size() != 1) {
      throw new IllegalStateException(
          (locations.isEmpty()
                  ? "No code location found"
                  : "Found "
                      + locations.size()
                      + " code locations "
                      + locations.stream().map(l -> l.getClass().getName()).toList())
              + ". Fix: list exactly one class implementing dev.materia.sdk.CodeLocation in "
              + SERVICE_FILE
              + ", or pick one by name.");
    }
    return locations.getFirst();
  }

  /**
   * The registered code location with this {@link CodeLocation#name()}.
   *
   * @throws IllegalStateException listing the names found when none matches
   */
  public static CodeLocation named(ClassLoader classLoader, String name) {
    List<CodeLocation> locations = all(classLoader);
    return locations.stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No code location named \""
                        + name
                        + "\"; found "
                        + locations.stream().map(CodeLocation::name).toList()
                        + "."));
  }
}
