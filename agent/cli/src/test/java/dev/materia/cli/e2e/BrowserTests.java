package dev.materia.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.cli.dev.DevEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the console's end-to-end tests ({@code web-ui/e2e}, Node's test runner driving the system
 * Chromium through playwright-core) against a running Materia, and fails with their output.
 */
final class BrowserTests {
  static final Path WEB_UI = Path.of("../../web-ui").toAbsolutePath().normalize();
  static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

  private BrowserTests() {}

  /**
   * Browser tests need Chromium. CI installs it (.ci/run) and must run them; on a developer machine
   * without it they are skipped with the install command instead of failing the build.
   */
  static void requireChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    boolean ci = System.getenv("CI") != null;
    assertThat(ci).as("CI must run the browser tests, but %s is missing", CHROMIUM).isFalse();
    Assumptions.abort(
        "Chromium is not installed (apt-get install chromium): browser tests skipped");
  }

  /** Runs the given e2e files against {@code baseUrl}; returns the runner's output. */
  static String run(URI baseUrl, List<String> files) throws IOException, InterruptedException {
    return run(baseUrl, files, Map.of());
  }

  /**
   * Runs the given e2e files against {@code baseUrl} with extra environment variables (such as the
   * dev user's password); returns the runner's output.
   */
  static String run(URI baseUrl, List<String> files, Map<String, String> environment)
      throws IOException, InterruptedException {
    requireChromium();
    Path output = Files.createTempFile("materia-e2e", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                concat(List.of("node", "--test", "--test-concurrency=1"), files)
                    .toArray(String[]::new))
            .directory(WEB_UI.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "MATERIA_URL", baseUrl.toString().replaceAll("/$", ""),
                "MATERIA_SCREENSHOTS", SCREENSHOTS.toString(),
                "CHROMIUM_PATH", CHROMIUM.toString()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    assertThat(process.exitValue()).as("browser tests failed:%n%s", log).isZero();
    return log;
  }

  /**
   * Starts a {@code materia dev} environment in {@code home} on a free port, runs one e2e file
   * signed in as its dev user, and checks that it passed {@code passes} tests and wrote a
   * screenshot for each of {@code pages}.
   */
  static void runAsDevUser(Path home, String file, int passes, List<String> pages)
      throws IOException, InterruptedException {
    runAsDevUser(home, file, passes, pages, Map.of());
  }

  /**
   * As {@link #runAsDevUser(Path, String, int, List)}, with extra environment variables for the e2e
   * file (such as a data file it changes).
   */
  static void runAsDevUser(
      Path home, String file, int passes, List<String> pages, Map<String, String> extra)
      throws IOException, InterruptedException {
    requireChromium();
    for (String page : pages) {
      Files.deleteIfExists(SCREENSHOTS.resolve(page + ".png"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (DevEnvironment environment = DevEnvironment.start(home, port)) {
      DevEnvironment.DevLogin login = environment.login();
      Map<String, String> variables = new java.util.HashMap<>(extra);
      variables.put("MATERIA_DEV_EMAIL", login.email());
      variables.put("MATERIA_DEV_PASSWORD", login.password());
      String log = run(environment.uri(), List.of(file), variables);
      assertThat(log).contains("# pass " + passes).contains("# fail 0");
    }
    for (String page : pages) {
      assertThat(SCREENSHOTS.resolve(page + ".png")).isNotEmptyFile();
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
