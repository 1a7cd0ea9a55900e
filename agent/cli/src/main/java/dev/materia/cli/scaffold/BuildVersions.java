package dev.materia.cli.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions a new code location's pom names, recorded when this CLI was built: Materia's own
 * (for the SDK and runtime), JUnit's and the Maven plugins' of Materia's build.
 *
 * @param materia the version of this build, e.g. {@code 0.1.0-SNAPSHOT}
 */
public record BuildVersions(
    String materia,
    String junit,
    String slf4j,
    String compilerPlugin,
    String surefirePlugin,
    String jarPlugin,
    String resourcesPlugin) {
  private static final String RESOURCE = "build.properties";

  /** The versions of this build, from the properties file Maven filled in. */
  public static BuildVersions ofThisBuild() {
    Properties properties = new Properties();
    try (InputStream in = BuildVersions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is missing next to "
                + BuildVersions.class.getName()
                + ": rebuild the CLI");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildVersions(
        required(properties, "materia.version"),
        required(properties, "junit.version"),
        required(properties, "slf4j.version"),
        required(properties, "maven-compiler-plugin.version"),
        required(properties, "maven-surefire-plugin.version"),
        required(properties, "maven-jar-plugin.version"),
        required(properties, "maven-resources-plugin.version"));
  }

  private static String required(Properties properties, String key) {
    String value = properties.getProperty(key, "").strip();
    // An unfilled "${…}" means the build did not filter the file; a pom with it would not resolve.
    if (value.isEmpty() || value.contains("${")) {
      throw new IllegalStateException(
          RESOURCE + " has no value for " + key + " (\"" + value + "\"): rebuild the CLI");
    }
    return value;
  }
}
