package dev.materia.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevCommandTest {
  @Test
  void theBannerPrintsTheExportLineAndWhereToMakeATokenSoTheCliDrivesThisInstance() {
    DevEnvironment.DevLogin login =
        new DevEnvironment.DevLogin("dev@localhost", "secret", "local", "dev", "generated");

    String banner = DevCommand.banner(3001, login, "seed", Path.of("/home/me/.materia/dev"));

    assertThat(banner)
        .contains("Materia is running.")
        .contains("Console:  http://localhost:3001")
        .contains(
            "export MATERIA_URL=http://localhost:3001 MATERIA_DEPLOYMENT=dev MATERIA_ORG=local")
        .contains("MATERIA_TOKEN=mtu_")
        .contains("Console → API tokens")
        .contains("http://localhost:3001/orgs/local/deployments/dev/settings/tokens")
        .contains("POST /api/v1/orgs/local/tokens");
  }
}
