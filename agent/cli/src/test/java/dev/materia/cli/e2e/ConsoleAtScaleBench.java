package dev.materia.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.cli.dev.DevEnvironment;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console at 10,000 assets / 30,000 edges in a real Chromium against a real {@code materia dev}
 * environment ({@code web-ui/e2e/scale.bench.mjs}): a generated snapshot is uploaded through the
 * agent API, then the lineage page's time to interactive (groups collapsed) and the catalog's
 * scrolling frames are measured. A benchmark, so its name keeps it out of {@code ./mvnw verify} and
 * of {@code -Dtest='*InBrowser*'}; it asserts that the pages work, never a time. The numbers land
 * in {@code target/console-scale.json} and go to BENCHMARKS.md by hand:
 *
 * <pre>
 * ./mvnw -B -pl agent/cli -am verify -Dspotless.check.skip=true \
 *   -Dtest=ConsoleAtScaleBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class ConsoleAtScaleBench {
  private static final Path REPORT = Path.of("target/console-scale.json").toAbsolutePath();

  @TempDir Path home;

  @Test
  void measuresTheLineageGraphAndCatalogAtTenThousandAssets() throws Exception {
    BrowserTests.requireChromium();
    Files.deleteIfExists(REPORT);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (DevEnvironment environment = DevEnvironment.start(home, port)) {
      DevEnvironment.DevLogin login = environment.login();
      String log =
          BrowserTests.run(
              environment.uri(),
              List.of("e2e/scale.bench.mjs"),
              Map.of(
                  "MATERIA_DEV_EMAIL", login.email(),
                  "MATERIA_DEV_PASSWORD", login.password(),
                  "MATERIA_SCALE_REPORT", REPORT.toString()));
      assertThat(log).contains("# pass 3").contains("# fail 0");
    }
    String report = Files.readString(REPORT);
    System.out.println("Console at 10,000 assets: " + report);
    assertThat(report).contains("\"graphReadyMs\"").contains("\"rowsInDom\"");
  }
}
