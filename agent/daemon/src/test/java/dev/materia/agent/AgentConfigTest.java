package dev.materia.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  private static final String TOKEN = "mta_agentTokenForTests0123456789";
  @TempDir Path dir;

  @Test
  void readsEverySettingFromAFile() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("agent.properties"),
            """
            url=https://materia.example.com
            agent-token=%s
            deployments=prod, staging
            code-locations=prod/sales=/opt/sales.jar,staging/seed=/opt/seed/
            launcher=in-process
            working-dir=/var/lib/materia
            ca-file=/etc/materia/ca.pem
            egress-ledger=/var/log/materia/egress.jsonl
            probe-port=8081
            max-concurrent-runs=3
            shutdown-grace-seconds=45
            poll-wait-seconds=20
            """
                .formatted(TOKEN));

    AgentConfig config = AgentConfig.load(file, Map.of());

    assertThat(config.controlPlaneUrl()).hasToString("https://materia.example.com");
    assertThat(config.deployments()).containsExactly("prod", "staging");
    assertThat(config.codeLocations())
        .containsExactly(
            new AgentConfig.LocalCodeLocation("prod", "sales", Path.of("/opt/sales.jar")),
            new AgentConfig.LocalCodeLocation("staging", "seed", Path.of("/opt/seed/")));
    assertThat(config.launcher()).isEqualTo(AgentConfig.Launcher.IN_PROCESS);
    assertThat(config.workingDir()).isEqualTo(Path.of("/var/lib/materia"));
    assertThat(config.caFile()).isEqualTo(Path.of("/etc/materia/ca.pem"));
    assertThat(config.egressLedger()).isEqualTo(Path.of("/var/log/materia/egress.jsonl"));
    assertThat(config.probePort()).isEqualTo(8081);
    assertThat(config.maxConcurrentRuns()).isEqualTo(3);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.pollWait()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void environmentOverridesTheFileAndDefaultsFillTheRest() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("agent.properties"), "url=https://old.example.com\nlauncher=in-process\n");

    AgentConfig config =
        AgentConfig.load(
            file,
            Map.of(
                "MATERIA_URL",
                "https://new.example.com",
                "MATERIA_AGENT_TOKEN",
                TOKEN,
                "PATH",
                "/bin"));

    assertThat(config.controlPlaneUrl()).hasToString("https://new.example.com");
    assertThat(config.launcher()).isEqualTo(AgentConfig.Launcher.IN_PROCESS);
    assertThat(config.probePort()).isEqualTo(-1);
    assertThat(config.maxConcurrentRuns()).isEqualTo(8);
  }

  @Test
  void readsTheTokenFromAFileForMountedSecrets() throws Exception {
    Path secret = Files.writeString(dir.resolve("token"), TOKEN + "\n");

    AgentConfig config =
        AgentConfig.load(
            null,
            Map.of(
                "MATERIA_URL",
                "https://x.example.com",
                "MATERIA_AGENT_TOKEN_FILE",
                secret.toString()));

    assertThat(config.agentToken()).isEqualTo(TOKEN);
    assertThat(config.toString()).doesNotContain(TOKEN);
  }

  @Test
  void rejectsAUserTokenWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                AgentConfig.load(
                    null,
                    Map.of(
                        "MATERIA_URL", "https://x.example.com",
                        "MATERIA_AGENT_TOKEN", "mtu_secretUserToken")))
        .hasMessageContaining("must start with mta_")
        .hasMessageContaining("not a user token")
        .hasMessageNotContaining("secretUserToken");
  }

  @Test
  void namesTheMissingUrl() {
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of("MATERIA_AGENT_TOKEN", TOKEN)))
        .hasMessageContaining("no control-plane URL: set url (or MATERIA_URL)");
  }

  @Test
  void rejectsUnknownLauncherAndMalformedCodeLocation() {
    Map<String, String> base =
        Map.of("MATERIA_URL", "https://x.example.com", "MATERIA_AGENT_TOKEN", TOKEN);
    var badLauncher = new java.util.HashMap<>(base);
    badLauncher.put("MATERIA_LAUNCHER", "kubernetes-someday");
    var badLocation = new java.util.HashMap<>(base);
    badLocation.put("MATERIA_CODE_LOCATIONS", "sales.jar");

    assertThatThrownBy(() -> AgentConfig.load(null, badLauncher))
        .hasMessageContaining("launcher \"kubernetes-someday\" is unknown");
    assertThatThrownBy(() -> AgentConfig.load(null, badLocation))
        .hasMessageContaining("\"sales.jar\" is not deployment/name=artifact");
  }
}
