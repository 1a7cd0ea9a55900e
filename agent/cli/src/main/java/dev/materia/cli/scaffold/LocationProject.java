package dev.materia.cli.scaffold;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The files of a new code location project, by path relative to its directory: a Maven pom (the SDK
 * {@code provided}, the runtime for tests, {@code -parameters}, Java 21), the service file the
 * agent finds the location by, a location class, an asset class with two assets, a test that runs
 * them with {@code Materializer}, a {@code .gitignore} and a README. Pure: writing them is the
 * command's.
 *
 * <pre>{@code
 * SequencedMap<String, String> files =
 *     LocationProject.files(LocationName.of("hello"), BuildVersions.ofThisBuild());
 * }</pre>
 */
public final class LocationProject {
  /** The version of the new project itself, so its jar is {@code target/NAME-0.1.0.jar}. */
  public static final String VERSION = "0.1.0";

  private LocationProject() {}

  /** Every file, in the order a person would read them. */
  public static SequencedMap<String, String> files(LocationName name, BuildVersions versions) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", name.name());
    values.put("package", name.javaPackage());
    values.put("Prefix", name.classPrefix());
    values.put("version", VERSION);
    values.put("materiaVersion", versions.materia());
    values.put("junitVersion", versions.junit());
    values.put("slf4jVersion", versions.slf4j());
    values.put("compilerPluginVersion", versions.compilerPlugin());
    values.put("surefirePluginVersion", versions.surefirePlugin());
    values.put("jarPluginVersion", versions.jarPlugin());
    values.put("resourcesPluginVersion", versions.resourcesPlugin());
    String main = "src/main/java/" + name.packagePath() + "/" + name.classPrefix();
    String test = "src/test/java/" + name.packagePath() + "/" + name.classPrefix();
    SequencedMap<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", fill(POM, values));
    files.put(".gitignore", "target/\n.idea/\n*.iml\n.vscode/\n");
    files.put("README.md", fill(README, values));
    files.put(
        "src/main/resources/META-INF/services/dev.materia.sdk.CodeLocation",
        name.javaPackage() + "." + name.classPrefix() + "Location\n");
    files.put(main + "Location.java", fill(LOCATION, values));
    files.put(main + "Assets.java", fill(ASSETS, values));
    files.put(test + "LocationTest.java", fill(TEST, values));
    return files;
  }

  /** The jar {@code mvn package} builds, relative to the project's directory. */
  public static String jar(LocationName name) {
    return "target/" + name.name() + "-" + VERSION + ".jar";
  }

  private static String fill(String template, Map<String, String> values) {
    String text = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    if (text.contains("{{")) {
      throw new IllegalStateException("a template placeholder was left unfilled: " + text);
    }
    return text;
  }

  private static final String POM =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
        <modelVersion>4.0.0</modelVersion>

        <groupId>{{package}}</groupId>
        <artifactId>{{name}}</artifactId>
        <version>{{version}}</version>
        <name>{{name}}</name>
        <description>Materia code location {{name}}</description>

        <properties>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          <!-- The Materia this location was made with; the agent that runs it brings the same SDK. -->
          <materia.version>{{materiaVersion}}</materia.version>
        </properties>

        <dependencies>
          <!-- Provided: the agent has the SDK, so the jar holds your code alone. -->
          <dependency>
            <groupId>dev.materia</groupId>
            <artifactId>materia-sdk</artifactId>
            <version>${materia.version}</version>
            <scope>provided</scope>
          </dependency>
          <!-- Materializer: runs your assets in unit tests, in memory, without a server. -->
          <dependency>
            <groupId>dev.materia</groupId>
            <artifactId>materia-runtime</artifactId>
            <version>${materia.version}</version>
            <scope>test</scope>
          </dependency>
          <dependency>
            <groupId>org.junit.jupiter</groupId>
            <artifactId>junit-jupiter</artifactId>
            <version>{{junitVersion}}</version>
            <scope>test</scope>
          </dependency>
          <!-- Where the runtime's own log lines go in tests (the agent has its own logging). -->
          <dependency>
            <groupId>org.slf4j</groupId>
            <artifactId>slf4j-simple</artifactId>
            <version>{{slf4jVersion}}</version>
            <scope>test</scope>
          </dependency>
        </dependencies>

        <build>
          <plugins>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-compiler-plugin</artifactId>
              <version>{{compilerPluginVersion}}</version>
              <configuration>
                <release>21</release>
                <!-- -parameters: Materia finds an asset's upstream assets by its parameters' names. -->
                <parameters>true</parameters>
              </configuration>
            </plugin>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-surefire-plugin</artifactId>
              <version>{{surefirePluginVersion}}</version>
            </plugin>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-resources-plugin</artifactId>
              <version>{{resourcesPluginVersion}}</version>
            </plugin>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-jar-plugin</artifactId>
              <version>{{jarPluginVersion}}</version>
            </plugin>
          </plugins>
        </build>
      </project>
      """;

  private static final String LOCATION =
      """
      package {{package}};

      import dev.materia.sdk.CodeLocation;
      import dev.materia.sdk.Definitions;

      /**
       * Code location {@code {{name}}}: the agent finds it through
       * {@code META-INF/services/dev.materia.sdk.CodeLocation} and loads its definitions.
       */
      public final class {{Prefix}}Location implements CodeLocation {
        @Override
        public Definitions definitions() {
          return Definitions.builder().assets({{Prefix}}Assets.class).build();
        }

        /** The name to deploy it under: {@code materia deploy --location {{name}}}. */
        @Override
        public String name() {
          return "{{name}}";
        }
      }
      """;

  private static final String ASSETS =
      """
      package {{package}};

      import dev.materia.sdk.Asset;
      import dev.materia.sdk.AssetContext;
      import java.util.List;

      /**
       * The assets of {@code {{name}}}: {@code {{name}}/words → {{name}}/greeting}.
       *
       * <p>A parameter names an upstream asset (here {@code words} is {@code {{name}}/words}), which
       * is why the pom compiles with {@code -parameters}. Raise {@code codeVersion} when you change
       * what an asset computes: the console then shows it as stale until it is materialized again.
       */
      public final class {{Prefix}}Assets {
        private {{Prefix}}Assets() {}

        @Asset(
            key = "{{name}}/words",
            group = "{{name}}",
            description = "Words to greet with",
            codeVersion = "1")
        public static List<String> words() {
          return List.of("hello", "world");
        }

        @Asset(
            key = "{{name}}/greeting",
            group = "{{name}}",
            description = "The words as a greeting",
            codeVersion = "1")
        public static String greeting(List<String> words, AssetContext context) {
          String greeting = String.join(", ", words) + "!";
          context.log().info("greeting: " + greeting);
          return greeting;
        }
      }
      """;

  private static final String TEST =
      """
      package {{package}};

      import static org.junit.jupiter.api.Assertions.assertEquals;
      import static org.junit.jupiter.api.Assertions.assertTrue;

      import dev.materia.runtime.ExecutionResult;
      import dev.materia.runtime.Materializer;
      import org.junit.jupiter.api.Test;

      /** Runs the assets in memory, as the agent would, without a server. */
      class {{Prefix}}LocationTest {
        @Test
        void theGreetingJoinsTheWords() {
          ExecutionResult result =
              Materializer.materialize(new {{Prefix}}Location().definitions(), "*", null);

          assertTrue(result.success(), result::toString);
          assertEquals("hello, world!", result.output("{{name}}/greeting"));
        }
      }
      """;

  private static final String README =
      """
      # {{name}}

      A Materia code location: `{{Prefix}}Location` declares the assets of `{{Prefix}}Assets`, found
      by the agent through `src/main/resources/META-INF/services/dev.materia.sdk.CodeLocation`.

      It builds against the Materia SDK {{materiaVersion}} from your local Maven repository. If Maven
      cannot find `dev.materia:materia-sdk`, publish it once from the Materia checkout:
      `./mvnw -q install -DskipTests -pl agent/runtime -am`.

      ```sh
      mvn package          # compiles (with -parameters), runs the test, builds target/{{name}}-{{version}}.jar
      materia deploy --location {{name}} --artifact target/{{name}}-{{version}}.jar --version {{version}} --wait
      materia materialize --select group:{{name}} --wait
      ```
      No `mvn`? The Materia checkout's wrapper builds it too: `./mvnw -f path/to/{{name}}/pom.xml package`.

      The jar holds your classes alone: the agent brings the SDK. A library your assets use must be
      in the jar too (a shaded jar) or next to it (deploy a directory of jars).
      """;
}
