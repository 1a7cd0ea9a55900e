package dev.materia.agent.testing;

import dev.materia.examples.SeedLocation;
import dev.materia.sdk.Asset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real code-location jars for tests: compiles sources against the SDK and packs them. */
public final class LocationJars {
  private LocationJars() {}

  /** Where the seed examples location lives: its jar, or its class folder in a reactor build. */
  public static Path seed() {
    return codeSource(SeedLocation.class);
  }

  /** The SDK's jar or class folder. */
  public static Path sdk() {
    return codeSource(Asset.class);
  }

  /**
   * Compiles {@code sources} (fully qualified class name to source) and writes {@code jar} with a
   * service file naming {@code codeLocationClass}.
   */
  public static Path compile(
      Path workDir, String jarName, Map<String, String> sources, String codeLocationClass)
      throws IOException {
    Path src = Files.createDirectories(workDir.resolve(jarName + "-src"));
    Path classes = Files.createDirectories(workDir.resolve(jarName + "-classes"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--release",
                "21",
                "-parameters",
                "-classpath",
                sdk().toString(),
                "-d",
                classes.toString()));
    for (var source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int exit = javac.run(null, null, null, args.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("javac failed with exit code " + exit);
    }
    Path services = classes.resolve("META-INF/services/dev.materia.sdk.CodeLocation");
    Files.createDirectories(services.getParent());
    Files.writeString(services, codeLocationClass + "\n");
    Path jar = workDir.resolve(jarName + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> entries = Files.walk(classes)) {
      for (Path entry : entries.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(entry));
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * Location {@code alpha} of a pair across code locations: asset {@code xa/numbers}, [1, 2, 3].
   */
  public static Path alpha(Path workDir) throws IOException {
    return compile(
        workDir,
        "alpha",
        Map.of(
            "acme.alpha.Alpha",
            """
            package acme.alpha;
            import dev.materia.sdk.*;
            import java.util.List;
            public final class Alpha implements CodeLocation {
              public static final class Assets {
                @Asset(key = "xa/numbers") public static List<Integer> numbers() {
                  return List.of(1, 2, 3);
                }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """),
        "acme.alpha.Alpha");
  }

  /**
   * Location {@code beta} of a pair across code locations: asset {@code xb/total}, the sum of
   * alpha's {@code xa/numbers}, read by key with {@code @In}, in metadata {@code total}.
   */
  public static Path beta(Path workDir) throws IOException {
    return compile(
        workDir,
        "beta",
        Map.of(
            "acme.beta.Beta",
            """
            package acme.beta;
            import dev.materia.sdk.*;
            import java.util.List;
            public final class Beta implements CodeLocation {
              public static final class Assets {
                @Asset(key = "xb/total")
                public static MaterializeResult<Integer> total(@In("xa/numbers") List<Integer> numbers) {
                  int total = numbers.stream().mapToInt(Integer::intValue).sum();
                  return MaterializeResult.of(total).withMetadata("total", total);
                }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """),
        "acme.beta.Beta");
  }

  /** A one-class location named {@code name} whose asset {@code a} reads {@code b} and back. */
  public static Path cyclic(Path workDir, String jarName) throws IOException {
    return compile(
        workDir,
        jarName,
        Map.of(
            "acme.Cyclic",
            """
            package acme;
            import dev.materia.sdk.*;
            public final class Cyclic implements CodeLocation {
              public static final class Assets {
                @Asset public static int a(int b) { return b; }
                @Asset public static int b(int a) { return a; }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """),
        "acme.Cyclic");
  }

  /** A location with one asset, {@code greeting}, whose value is {@code text}. */
  public static Path greeting(Path workDir, String jarName, String text) throws IOException {
    return compile(
        workDir,
        jarName,
        Map.of(
            "acme.Greeting",
            """
            package acme;
            import dev.materia.sdk.*;
            public final class Greeting implements CodeLocation {
              public static final class Assets {
                @Asset(codeVersion = "%s") public static String greeting() { return "%s"; }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """
                .formatted(text, text)),
        "acme.Greeting");
  }

  /**
   * A location whose asset {@code slow} logs "slow started" and then sleeps ten minutes, with
   * {@code after_slow} downstream: a run to terminate.
   */
  public static Path slow(Path workDir, String jarName) throws IOException {
    return compile(
        workDir,
        jarName,
        Map.of(
            "acme.Slow",
            """
            package acme;
            import dev.materia.sdk.*;
            public final class Slow implements CodeLocation {
              public static final class Assets {
                @Asset public static int slow(AssetContext context) throws InterruptedException {
                  context.log().info("slow started");
                  System.out.println("slow is sleeping");
                  Thread.sleep(600_000);
                  return 1;
                }
                @Asset public static int afterSlow(int slow) { return slow + 1; }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """),
        "acme.Slow");
  }

  /**
   * A location whose asset {@code binary} logs "binary", a NUL character, "data", and a line with a
   * lone surrogate: text PostgreSQL cannot store. It succeeds.
   */
  public static Path nulLogging(Path workDir, String jarName) throws IOException {
    return compile(
        workDir,
        jarName,
        Map.of(
            "acme.NulLogging",
            """
            package acme;
            import dev.materia.sdk.*;
            public final class NulLogging implements CodeLocation {
              public static final class Assets {
                @Asset public static int binary(AssetContext context) {
                  context.log().info("binary\\u0000data");
                  context.log().warn("lone \\ud800 surrogate");
                  return 1;
                }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """),
        "acme.NulLogging");
  }

  /**
   * A location whose asset {@code broken} throws {@code IllegalStateException("the source is
   * gone")}, with {@code after_broken} downstream: a run that fails.
   */
  public static Path failing(Path workDir, String jarName) throws IOException {
    return compile(
        workDir,
        jarName,
        Map.of(
            "acme.Failing",
            """
            package acme;
            import dev.materia.sdk.*;
            public final class Failing implements CodeLocation {
              public static final class Assets {
                @Asset public static int broken() {
                  throw new IllegalStateException("the source is gone");
                }
                @Asset public static int afterBroken(int broken) { return broken + 1; }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """),
        "acme.Failing");
  }

  /**
   * A location whose asset {@code key} logs {@code lines} lines, waits until the file {@code gate}
   * exists, then logs {@code lines} more; {@code after_<key>} is downstream. A test controls when
   * the run goes on, to stop things in between.
   */
  public static Path gated(Path workDir, String key, int lines, Path gate) throws IOException {
    return gated(workDir, key, lines, gate, null);
  }

  /** Like {@link #gated(Path, String, int, Path)}, then waits for {@code end} (if not null) too. */
  public static Path gated(Path workDir, String key, int lines, Path gate, Path end)
      throws IOException {
    String className = "acme.Gated_" + key;
    return compile(
        workDir,
        key,
        Map.of(
            className,
            """
            package acme;
            import dev.materia.sdk.*;
            import java.nio.file.*;
            public final class Gated_%1$s implements CodeLocation {
              public static final class Assets {
                @Asset(key = "%1$s")
                public static int gated(AssetContext context) throws Exception {
                  for (int i = 1; i <= %2$d; i++) { context.log().info("before the gate " + i); }
                  System.out.println("%1$s is waiting at the gate");
                  Path gate = Path.of("%3$s");
                  while (!Files.exists(gate)) { Thread.sleep(10); }
                  for (int i = 1; i <= %2$d; i++) { context.log().info("after the gate " + i); }
                  String end = "%4$s";
                  while (!end.isEmpty() && !Files.exists(Path.of(end))) { Thread.sleep(10); }
                  return 1;
                }
                @Asset(key = "after_%1$s")
                public static int after(@In("%1$s") int gated) { return gated + 1; }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """
                .formatted(key, lines, javaPath(gate), end == null ? "" : javaPath(end))),
        className);
  }

  /** A location whose asset {@code secret_table} holds {@code sentinel} as its only row. */
  public static Path secret(Path workDir, String jarName, String sentinel) throws IOException {
    return compile(
        workDir,
        jarName,
        Map.of(
            "acme.Secret",
            """
            package acme;
            import dev.materia.sdk.*;
            import java.util.List;
            public final class Secret implements CodeLocation {
              public static final class Assets {
                @Asset public static List<String> secretTable() { return List.of("%s"); }
                @Asset public static int secretCount(List<String> secretTable) {
                  return secretTable.size();
                }
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """
                .formatted(sentinel)),
        "acme.Secret");
  }

  private static String javaPath(Path file) {
    return file.toAbsolutePath().toString().replace("\\", "/");
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
