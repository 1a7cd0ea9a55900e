package dev.materia.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.cli.dev.DevEnvironment;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console, served by a real {@code materia dev} environment, in a real Chromium. */
class ConsoleInBrowserTest {
  @TempDir Path home;

  @Test
  void consoleLoadsInABrowserAndShowsTheControlPlaneReady() throws Exception {
    BrowserTests.requireChromium();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (DevEnvironment environment = DevEnvironment.start(home, port)) {
      String log = BrowserTests.run(environment.uri(), List.of("e2e/console.test.mjs"));
      assertThat(log).contains("# pass 2").contains("# fail 0");
    }
    assertThat(BrowserTests.SCREENSHOTS.resolve("console-home.png")).isNotEmptyFile();
  }
}
