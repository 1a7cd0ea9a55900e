package dev.materia.agent;

import static dev.materia.agent.testing.FakeControlPlane.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.agent.client.WireJson;
import dev.materia.agent.spool.EventSpool;
import dev.materia.agent.spool.SpooledEvent;
import dev.materia.agent.testing.FakeControlPlane;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepStarted;
import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.CodeLocationState;
import dev.materia.api.agent.CodeLocationStatus;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.api.agent.RunInHand;
import dev.materia.api.agent.TerminateRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
  private static final String AGENT_TOKEN = "mta_agentTokenForTests0123456789";
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;

  private FakeControlPlane controlPlane;
  private final List<Agent> agents = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    controlPlane = FakeControlPlane.http(AGENT_TOKEN);
    controlPlane.heartbeatIntervalMillis(50);
  }

  @AfterEach
  void stop() {
    agents.forEach(a -> a.stop(Duration.ZERO));
    controlPlane.close();
  }

  private AgentConfig config(
      AgentConfig.Launcher launcher, int maxRuns, AgentConfig.LocalCodeLocation... locations) {
    return new AgentConfig(
        controlPlane.url(),
        AGENT_TOKEN,
        List.of("prod"),
        List.of(locations),
        launcher,
        dir.resolve("agent"),
        null,
        null,
        0,
        maxRuns,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1));
  }

  private Agent started(AgentConfig config) throws Exception {
    Agent agent = Agent.create(config);
    agents.add(agent);
    agent.start();
    return agent;
  }

  private LaunchRun launch(String runId, String location, String selection) {
    String token = "mtr_" + runId.replace("-", "") + "RunTokenForTests012345";
    controlPlane.acceptToken(token);
    return new LaunchRun(
        "w-" + runId, runId, "prod", location, null, selection, null, null, Map.of(), token);
  }

  private static AgentConfig.LocalCodeLocation local(String name, Path artifact) {
    return new AgentConfig.LocalCodeLocation("prod", name, artifact);
  }

  private boolean finished(String runId) {
    List<RunEvent> events = controlPlane.events(runId);
    return !events.isEmpty() && events.getLast() instanceof RunFinished;
  }

  private RunStatus finalStatus(String runId) {
    return ((RunFinished) controlPlane.events(runId).getLast()).status();
  }

  private boolean stepStarted(String runId, String step) {
    return controlPlane.events(runId).stream()
        .anyMatch(e -> e instanceof StepStarted s && s.stepKey().equals(step));
  }

  private static void assertContiguous(List<RunEvent> events) {
    assertThat(events)
        .extracting(RunEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
  }

  @Test
  void loadsConfiguredLocationsUploadsSnapshotsAndHeartbeatsTheirStatus() throws Exception {
    Agent agent =
        started(config(AgentConfig.Launcher.IN_PROCESS, 4, local("seed", LocationJars.seed())));

    await("a heartbeat", BOUND, () -> !controlPlane.heartbeats().isEmpty());
    AgentHeartbeat heartbeat = controlPlane.heartbeats().getLast();
    assertThat(heartbeat.agentId()).isEqualTo(agent.agentId());
    assertThat(heartbeat.codeLocations())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo("seed");
              assertThat(s.state()).isEqualTo(CodeLocationState.LOADED);
            });
    assertThat(controlPlane.snapshot("prod", "seed")).isNotNull();
  }

  @Test
  void runsLaunchedWorkToTheEnd() throws Exception {
    started(config(AgentConfig.Launcher.IN_PROCESS, 4, local("seed", LocationJars.seed())));

    controlPlane.enqueue(launch("r-1", "seed", "*sales_summary"));

    await("run r-1 to finish", BOUND, () -> finished("r-1"));
    assertThat(finalStatus("r-1")).isEqualTo(RunStatus.SUCCESS);
    assertContiguous(controlPlane.events("r-1"));
  }

  @Test
  void reportsALoadWorkItemThatFailsInHeartbeatsWithTheRuntimeMessage() throws Exception {
    started(config(AgentConfig.Launcher.IN_PROCESS, 4));
    Path jar = LocationJars.cyclic(dir, "cyclic");

    controlPlane.enqueue(new LoadCodeLocation("w-9", "prod", "acme", "v1", jar.toString()));

    await(
        "a heartbeat with the failure",
        BOUND,
        () ->
            controlPlane.heartbeats().getLast().codeLocations().stream()
                .anyMatch(s -> s.state() == CodeLocationState.FAILED));
    CodeLocationStatus status = controlPlane.heartbeats().getLast().codeLocations().getFirst();
    assertThat(status.error().message()).contains("Cycle between assets");
  }

  @Test
  void failsARunWhoseLocationIsNotLoaded() throws Exception {
    started(config(AgentConfig.Launcher.IN_PROCESS, 4));

    controlPlane.enqueue(launch("r-2", "nowhere", "*"));

    await("run r-2 to finish", BOUND, () -> finished("r-2"));
    assertThat(finalStatus("r-2")).isEqualTo(RunStatus.FAILURE);
    assertThat(((RunFinished) controlPlane.events("r-2").getLast()).message())
        .contains("code location nowhere in deployment prod is not loaded on this agent");
  }

  @Test
  void reportsRunsInHandAndTerminatesThemOnRequest() throws Exception {
    started(
        config(AgentConfig.Launcher.IN_PROCESS, 4, local("slow", LocationJars.slow(dir, "slow"))));
    controlPlane.enqueue(launch("r-3", "slow", "slow*"));
    await("the slow step", BOUND, () -> stepStarted("r-3", "slow"));
    await(
        "a heartbeat holding r-3",
        BOUND,
        () ->
            controlPlane.heartbeats().getLast().runs().stream()
                .map(RunInHand::runId)
                .anyMatch("r-3"::equals));

    controlPlane.enqueue(new TerminateRun("w-t", "r-3", "canceled by ada"));

    await("run r-3 to finish", BOUND, () -> finished("r-3"));
    assertThat(finalStatus("r-3")).isEqualTo(RunStatus.CANCELED);
    assertContiguous(controlPlane.events("r-3"));
  }

  @Test
  void stopsClaimingWorkWhenTheTokenIsRevokedAndSaysWhy() throws Exception {
    Agent agent = started(config(AgentConfig.Launcher.IN_PROCESS, 4));
    await("a heartbeat", BOUND, () -> !controlPlane.heartbeats().isEmpty());

    controlPlane.revokeToken(AGENT_TOKEN);

    await("the agent to notice", BOUND, () -> agent.fatalError() != null);
    assertThat(agent.fatalError())
        .contains("rejected the agent token", "401", "create a new agent token");
    assertThat(agent.readiness()).isEqualTo(agent.fatalError());
    assertThat(probe(agent, "/readyz")).isEqualTo(503);
    assertThat(probe(agent, "/livez")).isEqualTo(200);
  }

  @Test
  void retriesMalformedResponsesWithoutCrashing() throws Exception {
    controlPlane.pollsMalformed(true);
    Agent agent =
        started(config(AgentConfig.Launcher.IN_PROCESS, 4, local("seed", LocationJars.seed())));
    int before = controlPlane.heartbeats().size();
    await(
        "heartbeats while polls fail", BOUND, () -> controlPlane.heartbeats().size() > before + 2);
    assertThat(agent.alive()).isTrue();

    controlPlane.pollsMalformed(false);
    controlPlane.enqueue(launch("r-4", "seed", "raw_sales_data"));

    await("run r-4 to finish", Duration.ofMinutes(2), () -> finished("r-4"));
    assertThat(finalStatus("r-4")).isEqualTo(RunStatus.SUCCESS);
  }

  @Test
  void servesProbes() throws Exception {
    Agent agent = started(config(AgentConfig.Launcher.IN_PROCESS, 4));
    await("a heartbeat", BOUND, () -> !controlPlane.heartbeats().isEmpty());

    assertThat(probe(agent, "/livez")).isEqualTo(200);
    await("readiness", BOUND, () -> agent.readiness() == null);
    assertThat(probe(agent, "/readyz")).isEqualTo(200);
  }

  @Test
  void shutdownGivesBackQueuedWorkAndCancelsInProcessRunsAfterTheGrace() throws Exception {
    Agent agent =
        started(
            config(
                AgentConfig.Launcher.IN_PROCESS, 1, local("slow", LocationJars.slow(dir, "slow"))));
    controlPlane.enqueue(launch("r-5", "slow", "slow"));
    await("the slow step", BOUND, () -> stepStarted("r-5", "slow"));
    controlPlane.enqueue(launch("r-6", "slow", "slow"));
    await("r-6 queued on the agent", BOUND, () -> agent.queuedWorkItems().contains("w-r-6"));

    agent.stop(Duration.ofMillis(100));

    // Stopping may take more than one heartbeat, and a regular one may land in between: what
    // matters is that the queued item was given back, exactly once, while stopping.
    await("w-r-6 given back", BOUND, () -> released().contains("w-r-6"));
    assertThat(released()).containsExactly("w-r-6");
    assertThat(finalStatus("r-5")).isEqualTo(RunStatus.CANCELED);
    assertThat(controlPlane.events("r-6")).isEmpty();
  }

  @Test
  void restartedAgentSealsAndReplaysTheSpoolOfARunKilledMidway() throws Exception {
    Path jar = LocationJars.slow(dir, "slow");
    Path workDir = dir.resolve("agent");
    LaunchRun launch = launch("r-7", "slow", "slow*");
    // Ingestion refuses everything, so the agent dies with its events only in the spool.
    controlPlane.eventsDown(503);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AgentMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("victim.log").toFile());
    builder.environment().put("MATERIA_URL", controlPlane.url().toString());
    builder.environment().put("MATERIA_AGENT_TOKEN", AGENT_TOKEN);
    builder.environment().put("MATERIA_WORKING_DIR", workDir.toString());
    builder.environment().put("MATERIA_LAUNCHER", "in-process");
    builder.environment().put("MATERIA_CODE_LOCATIONS", "prod/slow=" + jar);
    // Configuration by environment, as in a container.
    Process victim = builder.start();
    Path spoolDir = workDir.resolve("runs").resolve("r-7").resolve("spool");
    try {
      await("the victim's first heartbeat", BOUND, () -> !controlPlane.heartbeats().isEmpty());
      controlPlane.enqueue(launch);
      await("ingestion to refuse", BOUND, () -> controlPlane.eventFailures() > 0);
      await("the slow step to be spooled", BOUND, () -> peek(spoolDir) >= 3);
    } finally {
      victim.destroyForcibly();
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    List<RunEvent> produced = new ArrayList<>();
    try (var spool = EventSpool.open(spoolDir, WireJson.mapper())) {
      assertThat(spool.finished()).isFalse();
      for (SpooledEvent event : spool.read(0, Integer.MAX_VALUE, Long.MAX_VALUE)) {
        produced.add(WireJson.mapper().readValue(event.json(), RunEvent.class));
      }
    }
    assertThat(controlPlane.events("r-7")).isEmpty();
    controlPlane.eventsUp();

    started(config(AgentConfig.Launcher.IN_PROCESS, 4, local("slow", jar)));

    await("r-7 to be sealed and replayed", BOUND, () -> finished("r-7"));
    List<RunEvent> received = controlPlane.events("r-7");
    assertContiguous(received);
    assertThat(produced).hasSizeGreaterThanOrEqualTo(3);
    assertThat(received.subList(0, produced.size())).isEqualTo(produced);
    assertThat(received).hasSize(produced.size() + 2);
    assertThat(received.get(received.size() - 2))
        .isInstanceOfSatisfying(
            LogLine.class,
            l -> assertThat(l.message()).contains("worker stopped before the run finished"));
    assertThat(finalStatus("r-7")).isEqualTo(RunStatus.FAILURE);
    assertThat(controlPlane.conflicts()).isEmpty();
    await("the replayed spool to be deleted", BOUND, () -> !Files.exists(spoolDir));
  }

  @Test
  void egressLedgerHoldsEveryBodySentAndNoAssetValue() throws Exception {
    String sentinel = "SENTINEL-7f3c-do-not-egress";
    Path ledger = dir.resolve("egress.jsonl");
    started(
        config(
                AgentConfig.Launcher.SUBPROCESS,
                4,
                local("secret", LocationJars.secret(dir, "secret", sentinel)))
            .withEgressLedger(ledger));

    controlPlane.enqueue(launch("r-8", "secret", "*secret_count"));

    await("run r-8 to finish", BOUND, () -> finished("r-8"));
    assertThat(finalStatus("r-8")).isEqualTo(RunStatus.SUCCESS);
    String sent = Files.readString(ledger);
    assertThat(sent)
        .contains("/api/agent/v1/heartbeat", "/api/agent/v1/runs/r-8/events", "/snapshot")
        .contains("\"type\":\"asset_materialized\"")
        .doesNotContain(sentinel)
        .doesNotContain(AGENT_TOKEN);
    Path storage = dir.resolve("agent").resolve("storage");
    try (var files = Files.walk(storage)) {
      assertThat(files.filter(Files::isRegularFile).map(this::read))
          .as("the value stays in the customer's storage")
          .anySatisfy(value -> assertThat(value).contains(sentinel));
    }
  }

  @Test
  void talksToTheControlPlaneOverHttpsTrustingAnExtraCa() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("Materia Test CA").build();
    HeldCertificate server =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").signedBy(ca).build();
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    try (FakeControlPlane https =
        FakeControlPlane.https(
            AGENT_TOKEN,
            new HandshakeCertificates.Builder().heldCertificate(server).build().sslContext())) {
      https.heartbeatIntervalMillis(50);
      Agent agent =
          started(
              new AgentConfig(
                  https.url(),
                  AGENT_TOKEN,
                  List.of("prod"),
                  List.of(local("seed", LocationJars.seed())),
                  AgentConfig.Launcher.IN_PROCESS,
                  dir.resolve("tls-agent"),
                  caFile,
                  null,
                  -1,
                  4,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(1)));

      await("a heartbeat over HTTPS", BOUND, () -> !https.heartbeats().isEmpty());
      assertThat(https.snapshot("prod", "seed")).isNotNull();
      assertThat(agent.fatalError()).isNull();
    }
  }

  private String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static long peek(Path spoolDir) {
    return Files.isDirectory(spoolDir) ? EventSpool.peekLastSeq(spoolDir) : 0;
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

  private List<String> released() {
    return controlPlane.heartbeats().stream()
        .filter(AgentHeartbeat::stopping)
        .flatMap(heartbeat -> heartbeat.releasedWorkItems().stream())
        .toList();
  }
}
