package dev.materia.agent;

import static dev.materia.agent.testing.RunAssertions.assertWholeRun;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.AssetMaterialized;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import dev.materia.api.StepFailed;
import dev.materia.api.StepSkipped;
import dev.materia.examples.sales.SalesSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the real control plane over HTTPS with a test CA, on real PostgreSQL: code
 * locations registered through the REST API, runs launched, canceled and inspected through it.
 */
class AgentEndToEndTest {
  @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();

  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final AtomicInteger VERSIONS = new AtomicInteger();

  @TempDir Path dir;
  private final List<Agent> agents = new ArrayList<>();

  @AfterEach
  void stopAgents() {
    agents.forEach(a -> a.stop(Duration.ZERO));
  }

  private Agent started(AgentConfig config) throws Exception {
    Agent agent = Agent.create(config);
    agents.add(agent);
    agent.start();
    return agent;
  }

  private Agent started(AgentConfig.Launcher launcher) throws Exception {
    return started(controlPlane.agentConfig(dir.resolve("agent"), launcher));
  }

  /**
   * Registers {@code artifact} as a new version of {@code name} and waits for the agent to load it.
   */
  private static void deploy(String name, Path artifact) {
    controlPlane.registerLocation(name, artifact, "v" + VERSIONS.incrementAndGet());
    controlPlane.awaitLoaded(name, BOUND);
  }

  @Test
  void loadsARegisteredLocationAndUploadsItsSnapshot() throws Exception {
    started(AgentConfig.Launcher.IN_PROCESS);

    deploy("seed", LocationJars.seed());

    JsonNode location = controlPlane.location("seed");
    assertThat(location.get("status").asText()).isEqualTo("LOADED");
    assertThat(location.get("snapshot").get("assetCount").asInt()).isGreaterThanOrEqualTo(9);
    assertThat(controlPlane.asset("sales_summary").get("asset").get("codeLocation").asText())
        .isEqualTo("seed");
  }

  @Test
  void materializesSalesSummaryToSuccessWithMaterializationsAndMetadataInTheCatalog()
      throws Exception {
    started(AgentConfig.Launcher.IN_PROCESS);
    deploy("seed", LocationJars.seed());

    String runId = controlPlane.launch("*sales_summary");

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> events = controlPlane.events(runId);
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(events)
        .filteredOn(AssetMaterialized.class::isInstance)
        .extracting(e -> ((AssetMaterialized) e).assetKey())
        .containsExactly("raw_sales_data", "cleaned_sales_data", "sales_summary");
    JsonNode summary = controlPlane.asset("sales_summary").get("asset");
    assertThat(summary.get("latestMaterialization").get("runId").asText()).isEqualTo(runId);
    assertThat(summary.get("latestMaterialization").get("metadata").get("row_count").asInt())
        .isEqualTo(2);
    JsonNode cleaned = controlPlane.asset("cleaned_sales_data").get("asset");
    assertThat(cleaned.get("latestMaterialization").get("metadata").get("dropped_rows").asInt())
        .isZero();
  }

  @Test
  void aDownstreamMaterializedAloneStaysUpToDateUntilItsUpstreamHasNewData() throws Exception {
    Path salesFile = dir.resolve("sales.csv");
    System.setProperty("materia.examples.sales-file", salesFile.toString());
    try {
      started(AgentConfig.Launcher.IN_PROCESS);
      deploy("seed", LocationJars.seed());
      materialize("group:sales");
      materialize("cleaned_sales_data");

      materialize("raw_sales_data");

      JsonNode sameRows = controlPlane.asset("cleaned_sales_data").get("asset");
      assertThat(sameRows.get("staleness").asText()).isEqualTo("UP_TO_DATE");
      assertThat(sameRows.get("stalenessCauses")).isEmpty();

      Files.writeString(salesFile, "4,103,12.5\n");
      materialize("raw_sales_data");

      JsonNode newRows = controlPlane.asset("cleaned_sales_data").get("asset");
      assertThat(newRows.get("staleness").asText()).isEqualTo("STALE");
      assertThat(newRows.get("stalenessCauses"))
          .extracting(JsonNode::asText)
          .containsExactly("upstream raw_sales_data has a newer data version");
    } finally {
      System.clearProperty("materia.examples.sales-file");
    }
  }

  @Test
  void anAssetReadFromAnotherLocationsEarlierRunRecordsItsDataVersionInASubprocess()
      throws Exception {
    started(AgentConfig.Launcher.SUBPROCESS);
    deploy("alpha", LocationJars.alpha(dir));
    deploy("beta", LocationJars.beta(dir));
    String numbersRun = controlPlane.launch("xa/numbers");
    assertThat(controlPlane.awaitFinished(numbersRun, BOUND)).isEqualTo(RunStatus.SUCCESS);
    String numbers = materialized(controlPlane.events(numbersRun), "xa/numbers").dataVersion();

    String totalRun = controlPlane.launch("xb/total");

    assertThat(controlPlane.awaitFinished(totalRun, BOUND)).isEqualTo(RunStatus.SUCCESS);
    assertThat(materialized(controlPlane.events(totalRun), "xb/total").inputDataVersions())
        .containsExactly(Map.entry("xa/numbers", numbers));
  }

  private static AssetMaterialized materialized(List<RunEvent> events, String assetKey) {
    return events.stream()
        .filter(AssetMaterialized.class::isInstance)
        .map(AssetMaterialized.class::cast)
        .filter(e -> e.assetKey().equals(assetKey))
        .findFirst()
        .orElseThrow();
  }

  private static void materialize(String selection) {
    String runId = controlPlane.launch(selection);
    assertThat(controlPlane.awaitFinished(runId, BOUND)).as(selection).isEqualTo(RunStatus.SUCCESS);
  }

  @Test
  void aRunAcrossTwoCodeLocationsIsOneRunThatMaterializesBothAndPassesTheValue() throws Exception {
    started(AgentConfig.Launcher.IN_PROCESS);
    deploy("alpha", LocationJars.alpha(dir));
    deploy("beta", LocationJars.beta(dir));

    String runId = controlPlane.launch("*xb/total");

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> events = controlPlane.events(runId);
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(((dev.materia.api.RunStarted) events.getFirst()).stepKeys())
        .containsExactly("xa/numbers", "xb/total");
    assertThat(events)
        .filteredOn(AssetMaterialized.class::isInstance)
        .extracting(e -> ((AssetMaterialized) e).assetKey())
        .containsExactly("xa/numbers", "xb/total");
    JsonNode total = controlPlane.asset("xb/total").get("asset");
    assertThat(total.get("codeLocation").asText()).isEqualTo("beta");
    assertThat(total.get("latestMaterialization").get("runId").asText()).isEqualTo(runId);
    assertThat(total.get("latestMaterialization").get("metadata").get("total").asInt())
        .isEqualTo(6);
    JsonNode numbers = controlPlane.asset("xa/numbers").get("asset");
    assertThat(numbers.get("codeLocation").asText()).isEqualTo("alpha");
    assertThat(numbers.get("latestMaterialization").get("runId").asText()).isEqualTo(runId);
  }

  @Test
  void anAssetThatLogsANulCharacterEndsSuccessWithItsEventsStored() throws Exception {
    started(AgentConfig.Launcher.IN_PROCESS);
    deploy("nul_logging", LocationJars.nulLogging(dir, "nul_logging"));

    String runId = controlPlane.launch("binary");

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> events = controlPlane.events(runId);
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(events)
        .filteredOn(LogLine.class::isInstance)
        .extracting(e -> ((LogLine) e).message())
        .anySatisfy(m -> assertThat(m).startsWith("binary\uFFFDdata").contains("1 character"))
        .anySatisfy(m -> assertThat(m).startsWith("lone \uFFFD surrogate"));
  }

  @Test
  void failingAssetFailsTheRunWithItsStackTraceAndSkipsDownstreamSteps() throws Exception {
    started(AgentConfig.Launcher.IN_PROCESS);
    deploy("failing", LocationJars.failing(dir, "failing"));

    String runId = controlPlane.launch("broken*");

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.FAILURE);
    List<RunEvent> events = controlPlane.events(runId);
    assertWholeRun(events, RunStatus.FAILURE);
    assertThat(events)
        .filteredOn(StepFailed.class::isInstance)
        .singleElement()
        .satisfies(
            e -> {
              StepFailed failed = (StepFailed) e;
              assertThat(failed.stepKey()).isEqualTo("broken");
              assertThat(failed.error().className()).isEqualTo("java.lang.IllegalStateException");
              assertThat(failed.error().stackTrace())
                  .contains(
                      "IllegalStateException: the source is gone",
                      "acme.Failing$Assets.broken(Failing.java");
            });
    assertThat(events)
        .filteredOn(StepSkipped.class::isInstance)
        .extracting(e -> ((StepSkipped) e).stepKey())
        .containsExactly("after_broken");
    assertThat(events).noneMatch(AssetMaterialized.class::isInstance);
  }

  @Test
  void cancelEndsAnInProcessRunCanceled() throws Exception {
    cancelsARunOn(AgentConfig.Launcher.IN_PROCESS, "slow_in_process");
  }

  @Test
  void cancelStopsASubprocessRunAndEndsItCanceled() throws Exception {
    cancelsARunOn(AgentConfig.Launcher.SUBPROCESS, "slow_subprocess");
  }

  private void cancelsARunOn(AgentConfig.Launcher launcher, String location) throws Exception {
    started(launcher);
    Path gate = dir.resolve("never-opened");
    deploy(location, LocationJars.gated(dir, location, 1, gate));
    String runId = controlPlane.launch(location + "*");
    await(
        "the gated step to run",
        BOUND,
        () ->
            controlPlane.status(runId) == RunStatus.STARTED
                && controlPlane.stepStarted(runId, location));

    controlPlane.cancel(runId);

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.CANCELED);
    List<RunEvent> events = controlPlane.events(runId);
    assertWholeRun(events, RunStatus.CANCELED);
    assertThat(events)
        .filteredOn(LogLine.class::isInstance)
        .extracting(e -> ((LogLine) e).message())
        .anySatisfy(m -> assertThat(m).startsWith("terminate requested"));
    assertThat(controlPlane.run(runId).get("cancelRequested").asBoolean()).isFalse();
  }

  @Test
  void reportsALocationThatFailsToLoadWithTheRuntimeMessage() throws Exception {
    started(AgentConfig.Launcher.IN_PROCESS);

    controlPlane.registerLocation("cyclic", LocationJars.cyclic(dir, "cyclic"), "v1");

    await(
        "the load error",
        BOUND,
        () -> "FAILED".equals(controlPlane.location("cyclic").get("status").asText()));
    assertThat(controlPlane.location("cyclic").get("loadError").get("message").asText())
        .contains("Cycle between assets");
  }

  @Test
  void servesProbesOnceTheControlPlaneAnswers() throws Exception {
    Agent agent = started(AgentConfig.Launcher.IN_PROCESS);

    await("readiness", BOUND, () -> agent.readiness() == null);
    assertThat(probe(agent, "/livez")).isEqualTo(200);
    assertThat(probe(agent, "/readyz")).isEqualTo(200);
    assertThat(agent.fatalError()).isNull();
  }

  @Test
  void shutdownGivesBackQueuedWorkAndCancelsInProcessRunsAfterTheGrace() throws Exception {
    Agent agent =
        started(
            controlPlane.agentConfig(
                dir.resolve("agent"),
                AgentConfig.Launcher.IN_PROCESS,
                controlPlane.agentToken(),
                1));
    Path gate = dir.resolve("never-opened");
    deploy("slow_shutdown", LocationJars.gated(dir, "slow_shutdown", 1, gate));
    String first = controlPlane.launch("slow_shutdown");
    await("the first run's step", BOUND, () -> controlPlane.stepStarted(first, "slow_shutdown"));
    String second = controlPlane.launch("slow_shutdown");
    await("the second run queued on the agent", BOUND, () -> !agent.queuedWorkItems().isEmpty());

    agent.stop(Duration.ofMillis(100));

    assertThat(controlPlane.awaitFinished(first, BOUND)).isEqualTo(RunStatus.CANCELED);
    // Given back, the second run waits in the control plane's queue for another agent.
    await(
        "the second run back in the queue",
        BOUND,
        () -> controlPlane.status(second) == RunStatus.QUEUED);
    assertThat(controlPlane.events(second)).isEmpty();
    controlPlane.cancel(second);
    assertThat(controlPlane.status(second)).isEqualTo(RunStatus.CANCELED);
  }

  @Test
  void noAssetValueLeavesTheAgentNeitherInTheEgressLedgerNorInAnyTable() throws Exception {
    Path ledger = dir.resolve("egress.jsonl");
    started(
        controlPlane
            .agentConfig(dir.resolve("agent"), AgentConfig.Launcher.SUBPROCESS)
            .withEgressLedger(ledger));
    deploy("seed", LocationJars.seed());

    String runId = controlPlane.launch("*sales_summary");

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.SUCCESS);
    String sent = Files.readString(ledger);
    assertThat(sent)
        .contains("/api/agent/v1/heartbeat", "/api/agent/v1/runs/" + runId + "/events", "/snapshot")
        .contains("\"type\":\"asset_materialized\"")
        .doesNotContain(SalesSource.SENTINEL)
        .doesNotContain(controlPlane.agentToken());
    Path storage = dir.resolve("agent").resolve("storage");
    try (var files = Files.walk(storage)) {
      assertThat(files.filter(Files::isRegularFile).map(AgentEndToEndTest::read))
          .as("the value stays in the customer's storage")
          .anySatisfy(value -> assertThat(value).contains(SalesSource.SENTINEL));
    }
    assertThat(tablesHolding(runId)).as("the scan sees the run's rows").isNotEmpty();
    assertThat(tablesHolding(SalesSource.SENTINEL)).isEmpty();
  }

  /** Every table of the control plane's database with a row whose text contains {@code text}. */
  private static List<String> tablesHolding(String text) throws Exception {
    List<String> holding = new ArrayList<>();
    try (Connection connection = controlPlane.database().connect();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "select quote_ident(table_schema) || '.' || quote_ident(table_name)"
                  + " from information_schema.tables"
                  + " where table_type = 'BASE TABLE'"
                  + " and table_schema not in ('pg_catalog', 'information_schema')")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables).as("tables of the test database").hasSizeGreaterThan(10);
      for (String table : tables) {
        try (var matches =
            connection.prepareStatement(
                "select count(*) from " + table + " t where strpos(t::text, ?) > 0")) {
          matches.setString(1, text);
          try (ResultSet count = matches.executeQuery()) {
            count.next();
            if (count.getLong(1) > 0) {
              holding.add(table);
            }
          }
        }
      }
    }
    return holding;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static int probe(Agent agent, String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + agent.probePort() + path))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }
}
