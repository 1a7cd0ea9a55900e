package dev.materia.cli.e2e;

import java.nio.file.Path;
import java.util.List;
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
    BrowserTests.runAsDevUser(home, "e2e/sign-in.test.mjs", 4, PAGES);
  }
}
