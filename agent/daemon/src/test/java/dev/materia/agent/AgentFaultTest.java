package dev.materia.agent;

import static dev.materia.agent.testing.RunAssertions.assertWholeRun;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.run.LaunchedRun;
import dev.materia.agent.spool.EventSpool;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.WorkResponse;
import dev.materia.controlplane.testing.Tenants;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Faults around the agent: the control plane going away mid-run, the agent killed mid-run, a
 * revoked token, and malformed answers. The control plane is the real one, over HTTPS; only the
 * malformed answers come from MockWebServer.
 */
class AgentFaultTest {
  @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = WireJson.mapper();

  @TempDir Path dir;
  private final List<Agent> agents = new ArrayList<>();

  @AfterEach
  void stopAgents() {
    agents.forEach(a -> a.stop(Duration.ZERO));
    if (!controlPlane.running()) {
      controlPlane.restart();
    }
  }

  private Agent started(AgentConfig config) throws Exception {
    Agent agent = Agent.create(config);
    agents.add(agent);
    agent.start();
    return agent;
  }

  @Test
  void controlPlaneStoppedMidRunAndRestartedEndsWithExactlyTheEventsTheWorkerProduced()
      throws Exception {
    Path ledger = dir.resolve("egress.jsonl");
    Path gate = dir.resolve("gate");
    Agent agent =
        started(
            controlPlane
                .agentConfig(dir.resolve("agent"), AgentConfig.Launcher.IN_PROCESS)
                .withEgressLedger(ledger));
    controlPlane.registerLocation("outage", LocationJars.gated(dir, "outage", 300, gate), "v1");
    controlPlane.awaitLoaded("outage", BOUND);
    String runId = controlPlane.launch("outage*");
    await("events before the gate stored", BOUND, () -> controlPlane.events(runId).size() >= 300);
    LaunchedRun run = agent.runs().get(runId);

    controlPlane.stop();
    Files.createFile(gate);
    await("the run to end on the agent while the control plane is down", BOUND, run::isDone);
    long produced = run.appendedSeq();
    assertThat(produced).isGreaterThan(600);
    controlPlane.restart();

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> stored = controlPlane.events(runId);
    assertWholeRun(stored, RunStatus.SUCCESS);
    assertThat(stored).hasSize((int) produced);
    // Everything the worker sent (retries included) is one event per seq, and it is what is stored.
    Map<Long, RunEvent> sent = sentEvents(ledger, runId);
    assertThat(sent.keySet())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, produced).boxed().toList());
    assertThat(stored).containsExactlyElementsOf(sent.values());
  }

  @Test
  void agentKilledMidRunAndRestartedReplaysItsSpool() throws Exception {
    Path gate = dir.resolve("opened-once-the-control-plane-is-down");
    Path workDir = dir.resolve("victim");
    controlPlane.registerLocation(
        "killed", LocationJars.gated(dir, "killed", 200, gate, dir.resolve("never")), "v1");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AgentMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("victim.log").toFile());
    // Configuration by environment, as in a container.
    builder.environment().put("MATERIA_URL", controlPlane.url().toString());
    builder.environment().put("MATERIA_AGENT_TOKEN", controlPlane.agentToken());
    builder.environment().put("MATERIA_CA_FILE", controlPlane.caFile().toString());
    builder.environment().put("MATERIA_WORKING_DIR", workDir.toString());
    builder.environment().put("MATERIA_LAUNCHER", "in-process");
    builder.environment().put("MATERIA_POLL_WAIT_SECONDS", "5");
    Process victim = builder.start();
    String runId;
    Path spoolDir;
    try {
      controlPlane.awaitLoaded("killed", BOUND);
      runId = controlPlane.launch("killed*");
      spoolDir = workDir.resolve("runs").resolve(runId).resolve("spool");
      await("events stored", BOUND, () -> controlPlane.events(runId).size() >= 200);
      long storedSoFar = controlPlane.events(runId).getLast().seq();
      // With the control plane down the victim's next events stay in its spool only.
      controlPlane.stop();
      Files.createFile(gate);
      await("the victim to spool past the gate", BOUND, () -> peek(spoolDir) >= storedSoFar + 200);
    } finally {
      victim.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    controlPlane.restart();
    List<RunEvent> storedBefore = controlPlane.events(runId);
    TreeMap<Long, RunEvent> spooled = spoolFiles(spoolDir);
    assertThat(storedBefore).isNotEmpty();
    assertThat(spooled).as("unacknowledged events left in the spool").isNotEmpty();
    long last = spooled.lastKey();

    started(controlPlane.agentConfig(workDir, AgentConfig.Launcher.IN_PROCESS));

    assertThat(controlPlane.awaitFinished(runId, BOUND)).isEqualTo(RunStatus.FAILURE);
    List<RunEvent> received = controlPlane.events(runId);
    assertWholeRun(received, RunStatus.FAILURE);
    // What the victim produced, then the restarted agent's seal: a log line and RunFinished.
    assertThat(received).hasSize((int) last + 2);
    assertThat(received.subList(0, storedBefore.size())).isEqualTo(storedBefore);
    for (RunEvent event : spooled.values()) {
      assertThat(received.get((int) event.seq() - 1)).isEqualTo(event);
    }
    assertThat(received.get(received.size() - 2))
        .isInstanceOfSatisfying(
            LogLine.class,
            l -> assertThat(l.message()).contains("worker stopped before the run finished"));
    await("the replayed spool to be deleted", BOUND, () -> !Files.exists(spoolDir));
  }

  @Test
  void revokedAgentTokenStopsClaimingWorkAndSaysWhy() throws Exception {
    Tenants.AgentToken token = controlPlane.newAgentToken();
    Agent agent =
        started(
            controlPlane.agentConfig(
                dir.resolve("agent"), AgentConfig.Launcher.IN_PROCESS, token.token(), 4));
    await("readiness", BOUND, () -> agent.readiness() == null);

    controlPlane.revoke(token);

    await("the agent to notice", BOUND, () -> agent.fatalError() != null);
    assertThat(agent.fatalError())
        .contains("rejected the agent token", "401", "create a new agent token");
    assertThat(agent.readiness()).isEqualTo(agent.fatalError());
    assertThat(agent.alive()).isTrue();
  }

  @Test
  void malformedAnswersAreRetriedAndLoggedWithoutCrashing() throws Exception {
    AtomicBoolean malformed = new AtomicBoolean(true);
    AtomicInteger polls = new AtomicInteger();
    AtomicInteger heartbeats = new AtomicInteger();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger pollerLog = (Logger) LoggerFactory.getLogger(Poller.class);
    pollerLog.addAppender(logs);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getUrl().encodedPath();
              if (path.equals(AgentProtocol.WORK_PATH)) {
                polls.incrementAndGet();
                return malformed.get()
                    ? new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .body("{\"items\":[{\"type\":\"reboot_universe\"}]")
                        .build()
                    : json(new WorkResponse(List.of(), 0, 50));
              }
              if (path.equals(AgentProtocol.HEARTBEAT_PATH)) {
                heartbeats.incrementAndGet();
                return new MockResponse.Builder().code(204).build();
              }
              return new MockResponse.Builder().code(404).build();
            }
          });
      server.start();
      Agent agent =
          started(
              new AgentConfig(
                  server.url("/").uri(),
                  controlPlane.agentToken(),
                  List.of("prod"),
                  List.of(),
                  AgentConfig.Launcher.IN_PROCESS,
                  dir.resolve("agent"),
                  null,
                  null,
                  -1,
                  4,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(1)));

      await("three malformed polls", BOUND, () -> polls.get() >= 3);
      assertThat(agent.alive()).isTrue();
      assertThat(agent.fatalError()).isNull();
      assertThat(heartbeats.get()).isPositive();
      assertThat(logs.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              m -> assertThat(m).contains("poll for work failed", "not a valid WorkResponse"));

      malformed.set(false);

      await("readiness once answers are well-formed", BOUND, () -> agent.readiness() == null);
    } finally {
      pollerLog.detachAppender(logs);
    }
  }

  private static MockResponse json(Object body) {
    try {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json")
          .body(JSON.writeValueAsString(body))
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The run's events in every body the egress ledger recorded, by seq; a seq sent twice must match.
   */
  private static Map<Long, RunEvent> sentEvents(Path ledger, String runId) throws Exception {
    Map<Long, RunEvent> sent = new TreeMap<>();
    try (BufferedReader lines = Files.newBufferedReader(ledger, StandardCharsets.UTF_8)) {
      String line;
      while ((line = lines.readLine()) != null) {
        JsonNode entry = JSON.readTree(line);
        if (!entry.get("path").asText().equals("/api/agent/v1/runs/" + runId + "/events")) {
          continue;
        }
        JsonNode body = bodyOf(entry);
        for (JsonNode node : body.get("events")) {
          RunEvent event = JSON.treeToValue(node, RunEvent.class);
          RunEvent before = sent.putIfAbsent(event.seq(), event);
          assertThat(before).as("seq %d sent twice differently", event.seq()).isIn(null, event);
        }
      }
    }
    return sent;
  }

  private static JsonNode bodyOf(JsonNode entry) throws Exception {
    return entry.get("body");
  }

  /** Every event in a spool directory's segment files, read without taking its lock. */
  private static TreeMap<Long, RunEvent> spoolFiles(Path spoolDir) throws Exception {
    TreeMap<Long, RunEvent> events = new TreeMap<>();
    if (!Files.isDirectory(spoolDir)) {
      return events;
    }
    try (Stream<Path> files = Files.list(spoolDir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("events-")).toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] parts = line.split(" ", 3);
          try {
            RunEvent event = JSON.readValue(parts[2], RunEvent.class);
            events.put(event.seq(), event);
          } catch (java.io.IOException | ArrayIndexOutOfBoundsException torn) {
            // A line cut by the kill; opening the spool truncates it too.
          }
        }
      }
    }
    return events;
  }

  private static long peek(Path spoolDir) {
    return Files.isDirectory(spoolDir) ? EventSpool.peekAppendedSeq(spoolDir) : 0;
  }
}
