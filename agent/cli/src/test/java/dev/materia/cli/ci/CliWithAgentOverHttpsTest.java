package dev.materia.cli.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.agent.testing.TestCa;
import dev.materia.cli.Materia;
import dev.materia.cli.api.MateriaApi;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import dev.materia.examples.SeedLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI as a customer runs it: a control plane over HTTPS with a test CA (real PostgreSQL), a {@code
 * materia agent} process with the default subprocess launcher, and the CLI with a user token,
 * {@code MATERIA_CA_FILE} and the default deployment {@code prod}.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliWithAgentOverHttpsTest {
  private static final TestCa CA = TestCa.create();

  // Fast heartbeats, so the agent's goodbye and statuses show at once.
  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(Map.of("materia.agents.heartbeat-interval", "200ms"), CA.tls());

  @TempDir static Path work;

  private static SignedInUser owner;
  private static Process agent;
  private static Map<String, String> ci;
  private static MateriaApi api;

  @BeforeAll
  static void startAMateriaAgentProcessAndCreateAUserToken() throws IOException {
    Tenants tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Ci");
    String url = controlPlane.baseUri().toString();
    Path log = work.resolve("agent.log");
    ProcessBuilder process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Materia.class.getName(),
                "agent")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    process.environment().keySet().removeIf(name -> name.startsWith("MATERIA_"));
    process
        .environment()
        .putAll(
            Map.of(
                "MATERIA_URL", url,
                "MATERIA_AGENT_TOKEN", tenants.agentToken(owner, "prod"),
                "MATERIA_DEPLOYMENTS", "prod",
                "MATERIA_CA_FILE", CA.caFile().toString(),
                "MATERIA_WORKING_DIR", work.resolve("agent").toString()));
    agent = process.start();

    String token = tenants.userToken(owner);
    ci =
        Map.of(
            "MATERIA_URL", url,
            "MATERIA_TOKEN", token,
            "MATERIA_CA_FILE", CA.caFile().toString());
    api = MateriaApi.withToken(controlPlane.baseUri(), token, CA.caFile());
  }

  @AfterAll
  static void stopTheAgent() throws InterruptedException {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void deploysTheExampleLocationToProdAndMaterializesSalesSummaryWithItsMetadataInTheCatalog() {
    Invocation deployed =
        materia(
            "deploy",
            "--location",
            "seed",
            "--artifact",
            CiCommandsTest.codeSource(SeedLocation.class).toString(),
            "--version",
            "v1",
            "--wait");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(deployed.out()).contains("in " + owner.org() + "/prod").contains("loaded: 9 assets");

    Invocation run = materia("materialize", "--select", "*sales_summary", "--wait");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("materialized sales_summary").contains("SUCCESS");

    JsonNode latest =
        api.get(
                MateriaApi.path(
                    "orgs", owner.org(), "deployments", "prod", "assets", "sales_summary"))
            .findValue("latestMaterialization");
    assertThat(latest.path("metadata").path("row_count").asInt()).isEqualTo(2);
  }

  @Test
  @Order(2)
  void cancelStopsARunInItsOwnJvmAndTheRunEndsCanceled() throws IOException {
    ProbeLocation.deploy(ci, Files.createDirectories(work.resolve("probe")));
    String id =
        MateriaApi.json()
            .readTree(materia("materialize", "--select", "probe/slow", "-o", "json").out())
            .path("id")
            .asText();
    String run = MateriaApi.path("orgs", owner.org(), "deployments", "prod", "runs", id);
    // The step has started in the run's own JVM once its event arrives.
    api.stream(
        run + "/events/stream", "0", event -> !"step_started".equals(event.path("type").asText()));

    Invocation canceled = materia("runs", "cancel", id);
    assertThat(canceled.exitCode()).as(canceled.err()).isZero();
    assertThat(canceled.out()).contains("cancel requested");

    Invocation followed = materia("runs", "logs", id, "--follow");
    assertThat(followed.exitCode()).isZero();
    assertThat(followed.out()).contains("run finished: CANCELED");
    assertThat(api.get(run).path("status").asText()).isEqualTo("CANCELED");
  }

  @Test
  @Order(3)
  void theAgentStopsGracefullyOnSigtermAndSaysGoodbye() throws InterruptedException {
    agent.destroy();
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();

    JsonNode agents = api.get(MateriaApi.path("orgs", owner.org(), "agents"));
    assertThat(agents).extracting(a -> a.path("status").asText()).containsExactly("stopped");
  }

  private static Invocation materia(String... args) {
    return Invocation.materia(ci, args);
  }
}
