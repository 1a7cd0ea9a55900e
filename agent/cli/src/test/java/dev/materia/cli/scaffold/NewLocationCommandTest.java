package dev.materia.cli.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.agent.location.CodeLocationLoading;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.cli.Materia;
import dev.materia.cli.api.MateriaApi;
import dev.materia.runtime.ExecutionResult;
import dev.materia.runtime.Materializer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * {@code materia new location}: the project it writes is real. Its sources compile against the
 * reactor's SDK (main) and runtime (test) with {@code -parameters}, its test passes, and the
 * agent's loader finds its code location through the service file, under the name it was given.
 */
class NewLocationCommandTest {
  private record Invocation(int exitCode, String out, String err) {}

  private static Invocation materia(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Materia.commandLine(Map.of());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Invocation(exit, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "sales-etl"})
  void writesAProjectWhoseSourcesCompileAndWhoseOwnTestPasses(String name, @TempDir Path work)
      throws Exception {
    Path project = work.resolve(name);

    Invocation created = materia("new", "location", name, "--directory", project.toString());

    assertThat(created.exitCode()).as(created.err()).isZero();
    String pkg = "com/example/" + name.replace('-', '_');
    String prefix = name.equals("hello") ? "Hello" : "SalesEtl";
    assertThat(project.resolve("pom.xml")).isRegularFile();
    assertThat(project.resolve(".gitignore")).content().contains("target/");
    assertThat(project.resolve("README.md")).content().contains("materia deploy");
    Path location = project.resolve("src/main/java/" + pkg + "/" + prefix + "Location.java");
    Path assets = project.resolve("src/main/java/" + pkg + "/" + prefix + "Assets.java");
    Path test = project.resolve("src/test/java/" + pkg + "/" + prefix + "LocationTest.java");
    assertThat(location).isRegularFile();
    assertThat(assets).content().contains("@Asset");
    assertThat(test).content().contains("Materializer");
    assertThat(project.resolve("src/main/resources/META-INF/services/dev.materia.sdk.CodeLocation"))
        .content()
        .isEqualToIgnoringNewLines(pkg.replace('/', '.') + "." + prefix + "Location");

    Path classes = compile(work.resolve("classes"), List.of(location, assets));
    copyTree(project.resolve("src/main/resources"), classes);
    Path testClasses = compile(work.resolve("test-classes"), List.of(test), classes);
    // As the agent loads it: through the service file, in a loader sharing only the SDK.
    LoadedCodeLocation loaded =
        CodeLocationLoading.load("dev", name, "1", List.of(classes), getClass().getClassLoader());
    try {
      assertThat(loaded.snapshot().assets())
          .extracting(a -> a.key())
          .containsExactlyInAnyOrder(name + "/words", name + "/greeting");
      ExecutionResult result = Materializer.materialize(loaded.definitions(), "*", null);
      assertThat(result.success()).as(result.toString()).isTrue();
      assertThat(result.output(name + "/greeting")).isEqualTo("hello, world!");
    } finally {
      ((URLClassLoader) loaded.classLoader()).close();
    }

    try (URLClassLoader tests =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL(), testClasses.toUri().toURL()},
            getClass().getClassLoader())) {
      int ran =
          runJUnitTests(tests.loadClass(pkg.replace('/', '.') + "." + prefix + "LocationTest"));
      assertThat(ran).isPositive();
    }
  }

  @Test
  void thePomUsesTheSdkOfThisBuildProvidedTheRuntimeForTestsAndCompilesWithParameters(
      @TempDir Path work) throws Exception {
    Path project = work.resolve("hello");

    Invocation created = materia("new", "location", "hello", "--directory", project.toString());

    assertThat(created.exitCode()).as(created.err()).isZero();
    Document pom = xml(project.resolve("pom.xml"));
    Element root = pom.getDocumentElement();
    assertThat(text(root, "groupId")).isEqualTo("com.example.hello");
    assertThat(text(root, "artifactId")).isEqualTo("hello");
    String thisBuild = text(xml(Path.of("pom.xml")).getDocumentElement(), "parent/version");
    Map<String, String[]> dependencies = dependencies(root);
    assertThat(dependencies.get("dev.materia:materia-sdk")).containsExactly(thisBuild, "provided");
    assertThat(dependencies.get("dev.materia:materia-runtime")).containsExactly(thisBuild, "test");
    assertThat(dependencies.get("org.junit.jupiter:junit-jupiter")[1]).isEqualTo("test");
    assertThat(Files.readString(project.resolve("pom.xml")))
        .contains("<parameters>true</parameters>")
        .contains("<release>21</release>");
  }

  @Test
  void anExistingEmptyDirectoryIsFilled(@TempDir Path work) throws IOException {
    Path project = Files.createDirectories(work.resolve("hello"));

    Invocation created = materia("new", "location", "hello", "--directory", project.toString());

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(project.resolve("pom.xml")).isRegularFile();
  }

  @Test
  void refusesADirectoryThatIsNotEmptyAndWritesNothing(@TempDir Path work) throws IOException {
    Path project = Files.createDirectories(work.resolve("hello"));
    Files.writeString(project.resolve("notes.txt"), "mine");

    Invocation created = materia("new", "location", "hello", "--directory", project.toString());

    assertThat(created.exitCode()).isEqualTo(1);
    assertThat(created.err())
        .startsWith("materia: ")
        .contains(project.toString())
        .contains("not empty")
        .contains("--directory");
    try (Stream<Path> files = Files.list(project)) {
      assertThat(files).containsExactly(project.resolve("notes.txt"));
    }
  }

  @Test
  void refusesAFileWhereTheDirectoryWouldBe(@TempDir Path work) throws IOException {
    Path file = Files.writeString(work.resolve("hello"), "mine");

    Invocation created = materia("new", "location", "hello", "--directory", file.toString());

    assertThat(created.exitCode()).isEqualTo(1);
    assertThat(created.err()).contains(file.toString()).contains("not a directory");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Hello", "hello world", "9lives", "../hello", "hello.world", "a--", "sales_"})
  void refusesANameThatIsNotALocationNameAsAUsageErrorAndWritesNothing(
      String name, @TempDir Path work) throws IOException {
    Invocation created = materia("new", "location", name, "--directory", work + "/out");

    assertThat(created.exitCode()).as(created.err()).isEqualTo(2);
    assertThat(created.err())
        .contains("NAME")
        .contains("'" + name + "'")
        .contains("lowercase letters, digits, '-' and '_'");
    assertThat(work.resolve("out")).doesNotExist();
  }

  @Test
  void jsonOutputIsOneDocumentListingWhatItWrote(@TempDir Path work) throws IOException {
    Path project = work.resolve("hello");

    Invocation created =
        materia("new", "location", "hello", "--directory", project.toString(), "-o", "json");

    assertThat(created.exitCode()).as(created.err()).isZero();
    JsonNode json = MateriaApi.json().readTree(created.out());
    assertThat(json.path("location").asText()).isEqualTo("hello");
    assertThat(json.path("directory").asText()).isEqualTo(project.toAbsolutePath().toString());
    assertThat(json.path("sdkVersion").asText()).isNotBlank();
    List<String> files = new ArrayList<>();
    json.path("files").forEach(f -> files.add(f.asText()));
    assertThat(files)
        .contains(
            "pom.xml",
            ".gitignore",
            "README.md",
            "src/main/resources/META-INF/services/dev.materia.sdk.CodeLocation",
            "src/main/java/com/example/hello/HelloLocation.java",
            "src/main/java/com/example/hello/HelloAssets.java",
            "src/test/java/com/example/hello/HelloLocationTest.java");
    for (String file : files) {
      assertThat(project.resolve(file)).isRegularFile();
    }
  }

  @Test
  void textOutputSaysWhatToDoNext(@TempDir Path work) {
    Path project = work.resolve("hello");

    Invocation created = materia("new", "location", "hello", "--directory", project.toString());

    assertThat(created.out())
        .contains(project.toAbsolutePath().toString())
        .contains("install -DskipTests -pl agent/runtime -am")
        .contains("materia deploy --location hello")
        .contains("materia materialize --select group:hello");
  }

  /** Compiles as the generated pom does: release 21, {@code -parameters}. */
  private static Path compile(Path output, List<Path> sources, Path... extraClasspath)
      throws IOException {
    Files.createDirectories(output);
    StringBuilder classpath = new StringBuilder(System.getProperty("java.class.path"));
    for (Path extra : extraClasspath) {
      classpath.append(File.pathSeparator).append(extra);
    }
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--release",
            "21",
            "-parameters",
            "-classpath",
            classpath.toString(),
            "-d",
            output.toString()));
    sources.forEach(s -> args.add(s.toString()));
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int exit =
        ToolProvider.getSystemJavaCompiler().run(null, null, errors, args.toArray(String[]::new));
    assertThat(exit).as("javac: " + errors).isZero();
    return output;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }

  /**
   * Runs the {@code @Test} methods of a generated test class the way JUnit would for this simple
   * shape (a fresh instance per method); a failed assertion fails this test.
   */
  private static int runJUnitTests(Class<?> testClass) throws Exception {
    int ran = 0;
    for (Method method : testClass.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Test.class) && !Modifier.isStatic(method.getModifiers())) {
        var constructor = testClass.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object instance = constructor.newInstance();
        method.setAccessible(true);
        try {
          method.invoke(instance);
        } catch (InvocationTargetException e) {
          throw new AssertionError(
              "the generated test " + method.getName() + " failed", e.getCause());
        }
        ran++;
      }
    }
    return ran;
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  /** The text of a child path such as {@code parent/version}, direct children only. */
  private static String text(Element element, String path) {
    Element current = element;
    for (String name : path.split("/")) {
      current = child(current, name);
      if (current == null) {
        return null;
      }
    }
    return current.getTextContent().strip();
  }

  private static Element child(Element element, String name) {
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** {@code groupId:artifactId} to its resolved version and scope. */
  private static Map<String, String[]> dependencies(Element project) {
    Map<String, String[]> found = new java.util.HashMap<>();
    Element properties = child(project, "properties");
    NodeList list = child(project, "dependencies").getElementsByTagName("dependency");
    for (int i = 0; i < list.getLength(); i++) {
      Element dependency = (Element) list.item(i);
      String version = text(dependency, "version");
      if (version != null && version.startsWith("${") && properties != null) {
        version = text(properties, version.substring(2, version.length() - 1));
      }
      found.put(
          text(dependency, "groupId") + ":" + text(dependency, "artifactId"),
          new String[] {version, text(dependency, "scope")});
    }
    return found;
  }
}
