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
 * Signing in to the console of a real {@code materia dev} environment in a real Chromium: the
 * deployment home, the switcher, an API token created and revoked, the admin pages, sign-out.
 */
class SignInInBrowserTest {
  private static final List<String> PAGES =
      List.of(
          "sign-in",
          "deployment-home",
          "api-token-created",
          "api-tokens",
          "deployments",
          "members",
          "agents");

  @TempDir Path home;

  @Test
  void devUserSignsInSwitchesDeploymentManagesATokenAndSignsOut() throws Exception {
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
              List.of("e2e/sign-in.test.mjs"),
              Map.of(
                  "MATERIA_DEV_EMAIL", login.email(),
                  "MATERIA_DEV_PASSWORD", login.password()));
      assertThat(log).contains("# pass 3").contains("# fail 0");
    }
    for (String page : PAGES) {
      assertThat(BrowserTests.SCREENSHOTS.resolve(page + ".png")).isNotEmptyFile();
    }
  }
}
