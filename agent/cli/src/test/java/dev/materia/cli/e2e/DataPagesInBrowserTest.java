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
 * The console's data pages over a real {@code materia dev} environment in a real Chromium ({@code
 * web-ui/e2e/data-pages.test.mjs}): a snapshot uploaded through the agent API shows in the catalog,
 * an asset's detail and the lineage graph; a materialization launched from the graph is queued,
 * shown and cancelled.
 */
class DataPagesInBrowserTest {
  private static final List<String> PAGES =
      List.of("catalog", "asset-detail", "lineage", "run-detail", "runs");

  @TempDir Path home;

  @Test
  void snapshotShowsInCatalogDetailAndGraphAndARunIsLaunchedAndCancelled() throws Exception {
    BrowserTests.requireChromium();
    for (String page : PAGES) {
      Files.deleteIfExists(BrowserTests.SCREENSHOTS.resolve(page + ".png"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (DevEnvironment environment = DevEnvironment.start(home, port)) {
      DevEnvironment.DevLogin login = environment.login();
      String log =
          BrowserTests.run(
              environment.uri(),
              List.of("e2e/data-pages.test.mjs"),
              Map.of(
                  "MATERIA_DEV_EMAIL", login.email(),
                  "MATERIA_DEV_PASSWORD", login.password()));
      assertThat(log).contains("# pass 2").contains("# fail 0");
    }
    for (String page : PAGES) {
      assertThat(BrowserTests.SCREENSHOTS.resolve(page + ".png")).isNotEmptyFile();
    }
  }
}
