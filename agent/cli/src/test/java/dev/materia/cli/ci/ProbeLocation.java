package dev.materia.cli.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.sdk.Asset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * A second code location, compiled into a real jar at test time: {@code probe/ok} succeeds, {@code
 * probe/boom} throws, {@code probe/slow} waits a minute (so it can be canceled).
 */
final class ProbeLocation {
  private static final String ASSETS =
      """
      package probe;

      import dev.materia.sdk.Asset;
      import dev.materia.sdk.CodeLocation;
      import dev.materia.sdk.Definitions;

      public final class Probe implements CodeLocation {
        @Override
        public Definitions definitions() {
          return Definitions.builder().assets(Probe.class).build();
        }

        @Asset(key = "probe/ok")
        public static int ok() {
          return 1;
        }

        @Asset(key = "probe/boom")
        public static int boom() {
          throw new IllegalStateException("boom on purpose");
        }

        @Asset(key = "probe/slow")
        public static int slow() throws InterruptedException {
          Thread.sleep(60_000);
          return 1;
        }
      }
      """;

  private ProbeLocation() {}

  /**
   * {@code materia deploy --location probe ... --wait} of a freshly compiled jar under {@code
   * work}; fails the test unless it loaded.
   */
  static void deploy(Map<String, String> environment, Path work) throws IOException {
    Invocation deployed =
        Invocation.materia(
            environment,
            "deploy",
            "--location",
            "probe",
            "--artifact",
            jar(work).toString(),
            "--version",
            "1",
            "--wait");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
  }

  /** Compiles the probe location against the SDK and packs it as {@code work/probe.jar}. */
  static Path jar(Path work) throws IOException {
    return jar(work, "probe.Probe", ASSETS);
  }

  /**
   * Compiles {@code code}, the source of the code location class {@code className}, against the SDK
   * and packs it as {@code work/probe.jar} with its service file.
   */
  static Path jar(Path work, String className, String code) throws IOException {
    Path source = work.resolve("src/" + className.replace('.', '/') + ".java");
    Path classes = Files.createDirectories(work.resolve("classes"));
    Files.createDirectories(source.getParent());
    Files.writeString(source, code);
    int exit =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "--release",
                "21",
                "-parameters",
                "-classpath",
                CiCommandsTest.codeSource(Asset.class).toString(),
                "-d",
                classes.toString(),
                source.toString());
    if (exit != 0) {
      throw new IllegalStateException("javac failed with exit code " + exit);
    }
    Path services = classes.resolve("META-INF/services/dev.materia.sdk.CodeLocation");
    Files.createDirectories(services.getParent());
    Files.writeString(services, className + "\n");
    Path jar = work.resolve("probe.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> entries = Files.walk(classes)) {
      List<Path> files = entries.filter(Files::isRegularFile).sorted().toList();
      for (Path entry : files) {
        out.putNextEntry(new JarEntry(classes.relativize(entry).toString()));
        out.write(Files.readAllBytes(entry));
        out.closeEntry();
      }
    }
    return jar;
  }
}
