package dev.materia.cli.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.materia.cli.api.MateriaApi;
import dev.materia.cli.dev.DevEnvironment;
import dev.materia.examples.SeedLocation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI commands over real HTTP against {@code materia dev}: a real control plane on embedded
 * PostgreSQL and its real agent, driven with a user token as a CI job would.
 */
@Timeout(300)
class CiCommandsTest {
  @TempDir static Path home;

  private static DevEnvironment environment;
  private static MateriaApi session;
  private static Map<String, String> ci;

  @BeforeAll
  static void startMateriaDevAndCreateAUserToken() throws Exception {
    environment = DevEnvironment.start(home, freePort(), "ci test password 1");
    session =
        MateriaApi.signIn(
            environment.uri(), environment.login().email(), environment.login().password());
    String token =
        session
            .post(MateriaApi.path("orgs", "local", "tokens"), Map.of("name", "ci"))
            .path("token")
            .asText();
    ci =
        Map.of(
            "MATERIA_URL",
            environment.uri().toString(),
            "MATERIA_TOKEN",
            token,
            "MATERIA_DEPLOYMENT",
            "dev");
  }

  @AfterAll
  static void stop() {
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void deployRegistersANewVersionOfTheExampleLocationAndWaitsUntilTheAgentLoadedIt() {
    Invocation deployed =
        materia(
            "deploy",
            "--location",
            "seed",
            "--artifact",
            codeSource(SeedLocation.class).toString(),
            "--version",
            "ci-1",
            "--wait");

    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(deployed.out())
        .contains("registered code location seed version ci-1 in local/dev")
        .contains("loaded: 9 assets, 2 checks");
    JsonNode seed =
        session.get(
            MateriaApi.path("orgs", "local", "deployments", "dev", "code-locations", "seed"));
    assertThat(seed.path("version").asText()).isEqualTo("ci-1");
    assertThat(seed.path("status").asText()).isEqualTo("LOADED");
  }

  @Test
  void deployOfAnArtifactTheAgentCannotLoadExitsOneWithTheLoadError(@TempDir Path work) {
    Path missing = work.resolve("no-such.jar");
    Invocation deployed =
        materia(
            "deploy",
            "--location",
            "broken",
            "--artifact",
            missing.toString(),
            "--version",
            "1",
            "--wait");

    assertThat(deployed.exitCode()).isEqualTo(1);
    assertThat(deployed.err())
        .startsWith("materia: code location broken failed to load: ")
        .contains("no-such.jar")
        .hasLineCount(1);
  }

  @Test
  void deployWaitExitsOneWithTheRefusalWhenTheControlPlaneRefusesTheNewVersionsSnapshot(
      @TempDir Path work) throws Exception {
    Path v1 = ProbeLocation.jar(work.resolve("v1"), "clash.Clash", clash("clash_own"));
    Path v2 =
        ProbeLocation.jar(work.resolve("v2"), "clash.Clash", clash("clash_own", "raw_sales_data"));
    Invocation first =
        materia(
            "deploy",
            "--location",
            "clash",
            "--artifact",
            v1.toString(),
            "--version",
            "1",
            "--wait");
    assertThat(first.exitCode()).as(first.err()).isZero();

    Invocation second =
        materia(
            "deploy",
            "--location",
            "clash",
            "--artifact",
            v2.toString(),
            "--version",
            "2",
            "--wait");

    assertThat(second.exitCode()).as(second.out()).isEqualTo(1);
    assertThat(second.out()).doesNotContain("loaded:");
    assertThat(second.err())
        .startsWith("materia: the control plane refused version 2 of code location clash: ")
        .contains("asset raw_sales_data of code location clash is already defined by code location")
        .endsWith("; version 1 keeps serving\n")
        .hasLineCount(1);
    JsonNode clash =
        session.get(
            MateriaApi.path("orgs", "local", "deployments", "dev", "code-locations", "clash"));
    assertThat(clash.path("status").asText()).isEqualTo("FAILED");
    assertThat(clash.path("servingVersion").asText()).isEqualTo("1");
    assertThat(clash.path("failedVersion").asText()).isEqualTo("2");
  }

  @Test
  void aLoadErrorSaysFailedToLoadOnce(@TempDir Path work) throws Exception {
    Path jar =
        ProbeLocation.jar(
            work,
            "nodefs.NoDefinitions",
            """
            package nodefs;

            public final class NoDefinitions implements dev.materia.sdk.CodeLocation {
              @Override
              public dev.materia.sdk.Definitions definitions() {
                throw new IllegalStateException("no definitions on purpose");
              }
            }
            """);

    Invocation deployed =
        materia(
            "deploy",
            "--location",
            "nodefs",
            "--artifact",
            jar.toString(),
            "--version",
            "1",
            "--wait");

    assertThat(deployed.exitCode()).isEqualTo(1);
    assertThat(deployed.err())
        .isEqualTo("materia: code location nodefs failed to load: no definitions on purpose\n");
  }

  /** A code location whose assets are {@code keys}, each a constant. */
  private static String clash(String... keys) {
    StringBuilder assets = new StringBuilder();
    for (String key : keys) {
      assets.append("  @Asset public static int %s() { return 1; }%n".formatted(key));
    }
    return """
        package clash;

        import dev.materia.sdk.Asset;
        import dev.materia.sdk.CodeLocation;
        import dev.materia.sdk.Definitions;

        public final class Clash implements CodeLocation {
          @Override
          public Definitions definitions() {
            return Definitions.builder().assets(Clash.class).build();
          }

        %s}
        """
        .formatted(assets);
  }

  @Test
  void materializeWaitsPrintsStepsExitsZeroOnSuccessAndTheCatalogShowsTheMaterializations() {
    Invocation run = materia("materialize", "--select", "*sales_summary", "--wait");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("step raw_sales_data started")
        .contains("materialized cleaned_sales_data")
        .contains("materialized sales_summary")
        .containsPattern("run [0-9a-f-]{36} SUCCESS");
    String runId = run.out().replaceAll("(?s).*run ([0-9a-f-]{36}) SUCCESS.*", "$1");
    assertThat(run.out())
        .as("a link to the run in the console")
        .contains(
            environment.uri().resolve("/orgs/local/deployments/dev/runs/" + runId).toString());
    for (String key : List.of("raw_sales_data", "cleaned_sales_data", "sales_summary")) {
      JsonNode asset =
          session.get(MateriaApi.path("orgs", "local", "deployments", "dev", "assets", key));
      assertThat(asset.findValue("latestMaterialization").path("runId").asText())
          .as(key)
          .isEqualTo(runId);
    }
  }

  @Test
  void materializesOnePartitionOrARangeOfThemAsOneRun() throws Exception {
    Invocation range =
        materia(
            "materialize",
            "--select",
            "daily_features",
            "--from",
            "2024-02-01",
            "--to",
            "2024-02-03",
            "--wait",
            "-o",
            "json");
    assertThat(range.exitCode()).as(range.err()).isZero();
    assertThat(range.json().path("partitionRange").path("first").asText()).isEqualTo("2024-02-01");
    assertThat(range.err())
        .contains("materialized daily_features [2024-02-01]")
        .contains("materialized daily_features [2024-02-03]");

    Invocation one =
        materia("materialize", "--select", "daily_features", "--partition", "2024-02-09", "--wait");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(one.out()).contains("materialized daily_features [2024-02-09]");

    JsonNode counts =
        session
            .get(MateriaApi.path("orgs", "local", "deployments", "dev", "assets", "daily_features"))
            .findValue("partitionCounts");
    assertThat(counts.path("materialized").asInt()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aPartitionTheAssetLacksIsRefusedAtOnceInFlagWordsWithExitOne() throws Exception {
    int runsBefore = runCount();

    Invocation early =
        materia("materialize", "--select", "daily_features", "--partition", "1999-01-01", "--wait");
    Invocation unpartitioned =
        materia("materialize", "--select", "raw_sales_data", "--partition", "x", "--wait");
    Invocation missing = materia("materialize", "--select", "daily_features", "--wait");
    Invocation earlyRange =
        materia(
            "materialize",
            "--select",
            "daily_features",
            "--from",
            "1999-01-01",
            "--to",
            "2024-01-02");

    assertThat(early.exitCode()).isEqualTo(1);
    assertThat(early.err())
        .startsWith("materia: --partition: asset daily_features: partition key \"1999-01-01\"")
        .contains("\"1999-01-01\" is before the first partition")
        .containsOnlyOnce("daily partitions from 2024-01-01")
        .contains("use 2024-01-01 or later")
        .doesNotContain("partitionKey")
        .hasLineCount(1);
    assertThat(unpartitioned.exitCode()).isEqualTo(1);
    assertThat(unpartitioned.err())
        .startsWith(
            "materia: --partition: the selected assets [raw_sales_data] are not partitioned")
        .contains("takes no --partition: launch without it")
        .hasLineCount(1);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .startsWith("materia: --partition: asset daily_features has daily partitions from")
        .contains("give --partition (e.g. ")
        .contains("or --from/--to")
        .hasLineCount(1);
    assertThat(earlyRange.exitCode()).isEqualTo(1);
    assertThat(earlyRange.err())
        .startsWith("materia: --from: asset daily_features")
        .hasLineCount(1);
    assertThat(runCount()).as("a refused launch stores no run").isEqualTo(runsBefore);
  }

  private static int runCount() throws Exception {
    Invocation list = materia("runs", "list", "--limit", "200", "-o", "json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    return list.json().size();
  }

  @Test
  void partitionAndRangeTogetherAreAUsageError() {
    Invocation result =
        materia(
            "materialize",
            "--select",
            "daily_features",
            "--partition",
            "2024-02-09",
            "--from",
            "2024-02-01",
            "--to",
            "2024-02-02");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("mutually exclusive");
  }

  @Test
  void aSecondLocalJarDeploysAsASecondCodeLocationAndAFailingRunExitsOne(@TempDir Path work)
      throws Exception {
    Path jar = ProbeLocation.jar(work);
    Invocation deployed =
        materia(
            "deploy",
            "--location",
            "probe",
            "--artifact",
            jar.toString(),
            "--version",
            "1",
            "--wait",
            "--output",
            "json");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(deployed.json().path("status").asText()).isEqualTo("LOADED");
    assertThat(
            session.get(MateriaApi.path("orgs", "local", "deployments", "dev", "code-locations")))
        .extracting(location -> location.path("name").asText())
        .contains("seed", "probe");

    Invocation ok = materia("materialize", "--select", "probe/ok", "--wait");
    assertThat(ok.exitCode()).as(ok.out()).isZero();

    Invocation failed = materia("materialize", "--select", "probe/boom", "--wait");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out())
        .contains("step probe/boom FAILED: boom on purpose")
        .containsPattern("run [0-9a-f-]{36} FAILURE");
  }

  @Test
  void cancelStopsARunningRunAndLogsFollowItToItsEnd(@TempDir Path work) throws Exception {
    ProbeLocation.deploy(ci, work);
    Invocation launched = materia("materialize", "--select", "probe/slow", "-o", "json");
    assertThat(launched.exitCode()).as(launched.err()).isZero();
    String id = launched.json().path("id").asText();
    String run = MateriaApi.path("orgs", "local", "deployments", "dev", "runs", id);
    // Cancel once the slow step is running, as a user would.
    session.stream(
        run + "/events/stream", "0", event -> !"step_started".equals(event.path("type").asText()));

    Invocation canceled = materia("runs", "cancel", id);
    assertThat(canceled.exitCode()).as(canceled.err()).isZero();
    assertThat(canceled.out()).isEqualTo("run " + id + ": cancel requested; its agent stops it\n");

    Invocation followed = materia("runs", "logs", id, "--follow");
    assertThat(followed.exitCode()).isZero();
    assertThat(followed.out())
        .contains("step probe/slow started")
        .contains("run finished: CANCELED");
    Invocation shown = materia("runs", "show", id, "-o", "json");
    assertThat(shown.json().path("status").asText()).isEqualTo("CANCELED");

    Invocation again = materia("runs", "cancel", id);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).startsWith("materia: ").doesNotContain("\n\tat ");
  }

  @Test
  void materializeWaitGivesUpAfterItsTimeoutWithExitOneAndLeavesTheRunGoing(@TempDir Path work)
      throws Exception {
    ProbeLocation.deploy(ci, work);

    Invocation waited =
        materia("materialize", "--select", "probe/slow", "--wait", "--timeout", "2");

    assertThat(waited.exitCode()).isEqualTo(1);
    assertThat(waited.err())
        .matches(
            "materia: run [0-9a-f-]{36} is still (QUEUED|STARTING|STARTED) after 2 s; it goes on"
                + " \\(stop it with `materia runs cancel [0-9a-f-]{36}`\\)\n");
    String id = waited.err().replaceAll("(?s).*materia runs cancel ([0-9a-f-]{36}).*", "$1");
    assertThat(materia("runs", "cancel", id).exitCode()).isZero();
  }

  @Test
  void jsonOutputParsesForMaterializeRunsListShowAndLogs() throws Exception {
    Invocation run = materia("materialize", "--select", "raw_sales_data", "--wait", "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode finished = run.json();
    assertThat(finished.path("status").asText()).isEqualTo("SUCCESS");
    assertThat(run.err()).contains("materialized raw_sales_data");
    String id = finished.path("id").asText();

    JsonNode list = materia("runs", "list", "--limit", "50", "-o", "json").json();
    assertThat(list.isArray()).isTrue();
    assertThat(list).extracting(r -> r.path("id").asText()).contains(id);

    JsonNode shown = materia("runs", "show", id, "-o", "json").json();
    assertThat(shown.path("tags").path("trigger").asText()).isEqualTo("cli");

    Invocation logs = materia("runs", "logs", id, "-o", "json");
    List<String> lines = logs.out().lines().toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertThat(MateriaApi.json().readTree(line).path("seq").asLong()).isPositive();
    }
    assertThat(MateriaApi.json().readTree(lines.get(lines.size() - 1)).path("type").asText())
        .isEqualTo("run_finished");

    Invocation text = materia("runs", "logs", id);
    assertThat(text.out())
        .contains("run started: raw_sales_data")
        .contains("run finished: SUCCESS");
  }

  @Test
  void aBadTokenIsOneLineAndExitOne() {
    Map<String, String> env = new HashMap<>(ci);
    env.put("MATERIA_TOKEN", "mtu_notATokenTheServerKnows000000000000");
    Invocation result = materia(env, "runs", "list");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("materia: the server refused the credentials")
        .contains("MATERIA_TOKEN")
        .hasLineCount(1);

    env.put("MATERIA_TOKEN", "mta_anAgentTokenInstead");
    Invocation agentToken = materia(env, "runs", "list");
    assertThat(agentToken.exitCode()).isEqualTo(1);
    assertThat(agentToken.err())
        .contains("must be a user token starting with mtu_")
        .hasLineCount(1);
  }

  @Test
  void anUnknownDeploymentIsOneLineAndExitOne() {
    Invocation result = materia("runs", "list", "--deployment", "nope");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("materia: ").contains("nope").hasLineCount(1);
  }

  @Test
  void anUnknownSelectionIsOneLineAndExitOne() {
    Invocation result = materia("materialize", "--select", "no_such_asset", "--wait");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("materia: ").contains("no_such_asset").hasLineCount(1);
  }

  @Test
  void anUnreachableUrlIsOneLineAndExitOne() throws Exception {
    Map<String, String> env = new HashMap<>(ci);
    env.put("MATERIA_URL", "http://127.0.0.1:" + freePort());
    Invocation result = materia(env, "runs", "list");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("materia: cannot reach http://127.0.0.1:")
        .contains("MATERIA_URL")
        .hasLineCount(1);
  }

  @Test
  void aUrlThatIsNotMateriaIsOneLineAndExitOne() throws Exception {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext(
        "/",
        exchange -> {
          byte[] page = "<html>a web site</html>".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    other.start();
    try {
      Map<String, String> env = new HashMap<>(ci);
      env.put("MATERIA_URL", "http://127.0.0.1:" + other.getAddress().getPort());
      Invocation result = materia(env, "runs", "list");
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .startsWith("materia: the answer to GET /api/v1/me from http://127.0.0.1:")
          .endsWith("is not JSON: is MATERIA_URL a Materia control plane?\n");
    } finally {
      other.stop(0);
    }
  }

  @Test
  void noUrlOrTokenSaysWhichVariableToSet() {
    Invocation noUrl = materia(Map.of("MATERIA_TOKEN", "mtu_x"), "runs", "list");
    assertThat(noUrl.exitCode()).isEqualTo(1);
    assertThat(noUrl.err()).contains("set MATERIA_URL");
    Invocation noToken = materia(Map.of("MATERIA_URL", "http://localhost:1"), "runs", "list");
    assertThat(noToken.err()).contains("set MATERIA_TOKEN");
  }

  private static Invocation materia(String... args) {
    return Invocation.materia(ci, args);
  }

  private static Invocation materia(Map<String, String> env, String... args) {
    return Invocation.materia(env, args);
  }

  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
