package dev.materia.agent;

import static dev.materia.agent.testing.RunAssertions.assertWholeRun;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.materia.agent.run.LaunchedRun;
import dev.materia.agent.spool.EventShipper;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import dev.materia.controlplane.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL crashes in the middle of a run and stays down longer than the silence timeout, as in
 * the chaos test of issue 11 (killed for more than 120 s during a 90 s run). The database is a
 * dedicated embedded PostgreSQL with zonky's fast settings ({@code -F}, {@code
 * synchronous_commit=off}) and a WAL writer that waits 10 s, so an acknowledgement that did not
 * wait for the disk would be lost by the crash.
 */
class DatabaseCrashMidRunTest {
  private static final Duration SILENCE = Duration.ofSeconds(3);
  private static final Duration OUTAGE = SILENCE.multipliedBy(3);
  private static final Duration BOUND = Duration.ofSeconds(120);

  private static PostgresServer server;

  @RegisterExtension
  static final ControlPlaneFixture controlPlane =
      new ControlPlaneFixture(properties(), DatabaseCrashMidRunTest::server);

  @TempDir Path dir;

  private static Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>(ControlPlaneFixture.FAST);
    properties.put("materia.runs.silence-timeout", SILENCE.toMillis() + "ms");
    properties.put("materia.agents.silence-timeout", SILENCE.toMillis() + "ms");
    return properties;
  }

  private static synchronized PostgresServer server() {
    if (server == null) {
      server = PostgresServer.dedicated(Map.of("wal_writer_delay", "10s"));
    }
    return server;
  }

  @Test
  void aRunOutlivingADatabaseCrashLongerThanTheSilenceTimeoutEndsSuccessWithEveryEvent()
      throws Exception {
    ListAppender<ILoggingEvent> shipperLogs = new ListAppender<>();
    shipperLogs.start();
    ((Logger) LoggerFactory.getLogger(EventShipper.class)).addAppender(shipperLogs);
    Path gate = dir.resolve("gate");
    Path end = dir.resolve("end");
    Agent agent =
        Agent.create(
            controlPlane
                .agentConfig(dir.resolve("agent"), AgentConfig.Launcher.IN_PROCESS)
                .withEgressLedger(dir.resolve("egress.jsonl")));
    try {
      agent.start();
      controlPlane.registerLocation(
          "dbdown", LocationJars.gated(dir, "dbdown", 300, gate, end), "v1");
      controlPlane.awaitLoaded("dbdown", BOUND);
      String runId = controlPlane.launch("dbdown*");
      await("events before the gate stored", BOUND, () -> controlPlane.events(runId).size() >= 300);
      LaunchedRun run = agent.runs().get(runId);
      // Only event batches commit synchronously: the setup is flushed so the crash spares it,
      // while the batches acknowledged from here on are what the crash puts to the test.
      execute("checkpoint");
      Files.createFile(gate);
      await("events after the gate stored", BOUND, () -> controlPlane.events(runId).size() >= 600);
      long ackedBeforeCrash = controlPlane.events(runId).size();

      server.crash();
      long crashedAt = System.nanoTime();
      Files.createFile(end);
      await("the run to end on the agent while the database is down", BOUND, run::isDone);
      long produced = run.appendedSeq();
      // The outage lasts OUTAGE, and the control plane says "not ready" all through it.
      await(
          "an outage longer than the silence timeout",
          BOUND,
          () ->
              controlPlane.api().get("/health/ready").statusCode() == 503
                  && System.nanoTime() - crashedAt >= OUTAGE.toNanos());
      server.restart();
      Duration outage = Duration.ofNanos(System.nanoTime() - crashedAt);
      // Requests in the moment the pool reconnects may still get 503 database_unavailable.
      await(
          "the control plane ready again",
          BOUND,
          () -> controlPlane.api().get("/health/ready").statusCode() == 200);

      RunStatus status = controlPlane.awaitFinished(runId, BOUND);
      List<RunEvent> stored = controlPlane.events(runId);
      System.out.printf(
          "database crash mid-run: %d events produced, %d acknowledged before the crash, outage"
              + " %d ms (silence timeout %d ms), final status %s, %d events stored, contiguous"
              + " seq %d%n",
          produced,
          ackedBeforeCrash,
          outage.toMillis(),
          SILENCE.toMillis(),
          status,
          stored.size(),
          controlPlane.contiguousSeq(runId));
      assertThat(outage).isGreaterThan(SILENCE);
      assertThat(status).isEqualTo(RunStatus.SUCCESS);
      assertWholeRun(stored, RunStatus.SUCCESS);
      assertThat(stored).hasSize((int) produced);
      assertThat(controlPlane.storedSeqs(runId))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, produced).boxed().toList());
      assertThat(controlPlane.contiguousSeq(runId)).isEqualTo(produced);
      assertThat(shipperLogs.list)
          .as("no acknowledged seq went missing")
          .noneMatch(e -> e.getLevel() == Level.ERROR);
    } finally {
      agent.stop(Duration.ZERO);
      ((Logger) LoggerFactory.getLogger(EventShipper.class)).detachAppender(shipperLogs);
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = controlPlane.database().connect()) {
      connection.createStatement().execute(sql);
    }
  }
}
