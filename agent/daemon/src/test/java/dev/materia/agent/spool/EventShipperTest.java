package dev.materia.agent.spool;

import static dev.materia.agent.testing.FakeControlPlane.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.testing.FakeControlPlane;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventShipperTest {
  private static final String AGENT_TOKEN = "mta_agentTokenForTests0123456789";
  private static final String RUN_TOKEN = "mtr_runTokenForTests0123456789";
  private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");
  private static final Backoff FAST = new Backoff(Duration.ofMillis(2), Duration.ofMillis(20), 2);
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final ObjectMapper json = WireJson.mapper();
  @TempDir Path dir;
  private FakeControlPlane controlPlane;
  private ControlPlaneClient client;

  @BeforeEach
  void start() throws Exception {
    controlPlane = FakeControlPlane.http(AGENT_TOKEN);
    controlPlane.acceptToken(RUN_TOKEN);
    client = ControlPlaneClient.builder(controlPlane.url(), AGENT_TOKEN).backoff(FAST).build();
  }

  @AfterEach
  void stop() {
    controlPlane.close();
  }

  private static LogLine line(String runId, long seq) {
    return new LogLine(runId, seq, AT, "step", LogLevel.INFO, "line " + seq);
  }

  private EventShipper shipper(String runId, BatchLimits limits) throws Exception {
    return EventShipper.start(
        runId,
        EventSpool.open(dir.resolve(runId), json),
        client.events(RUN_TOKEN),
        limits,
        FAST,
        json);
  }

  @Test
  void shipsEveryEventOnceInBatchesBoundedBySize() throws Exception {
    try (var shipper = shipper("r-1", new BatchLimits(100, 1 << 20, Duration.ofMillis(50)))) {
      for (long seq = 1; seq <= 1_000; seq++) {
        shipper.append(line("r-1", seq));
      }
      shipper.append(new RunFinished("r-1", 1_001, AT, RunStatus.SUCCESS, 5, null));

      assertThat(shipper.awaitShipped(BOUND)).isTrue();
      assertThat(shipper.spool().complete()).isTrue();
    }

    assertThat(controlPlane.events("r-1")).extracting(RunEvent::seq).hasSize(1_001).isSorted();
    assertThat(controlPlane.batches()).isGreaterThanOrEqualTo(11);
    assertThat(controlPlane.conflicts()).isEmpty();
    assertThat(controlPlane.eventTokens()).containsOnly(RUN_TOKEN);
  }

  @Test
  void shipsALoneEventOnceItsLingerPasses() throws Exception {
    try (var shipper = shipper("r-2", new BatchLimits(500, 1 << 20, Duration.ofMillis(20)))) {
      shipper.append(line("r-2", 1));

      await("the lone event's acknowledgement", BOUND, () -> shipper.spool().ackedSeq() == 1);
      assertThat(controlPlane.events("r-2")).containsExactly(line("r-2", 1));
    }
  }

  @Test
  void keepsEventsThroughAnIngestionOutage() throws Exception {
    controlPlane.eventsDown(503);
    try (var shipper = shipper("r-3", new BatchLimits(50, 1 << 20, Duration.ofMillis(1)))) {
      for (long seq = 1; seq <= 200; seq++) {
        shipper.append(line("r-3", seq));
      }
      await("failed attempts", BOUND, () -> controlPlane.eventFailures() >= 3);
      assertThat(controlPlane.events("r-3")).isEmpty();

      controlPlane.eventsUp();

      assertThat(shipper.awaitShipped(BOUND)).isTrue();
    }
    assertThat(controlPlane.events("r-3"))
        .extracting(RunEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
  }

  @Test
  void stopsOnRejectedTokenAndLeavesEventsSpooled() throws Exception {
    controlPlane.revokeToken(RUN_TOKEN);
    try (var shipper = shipper("r-4", new BatchLimits(10, 1 << 20, Duration.ZERO))) {
      shipper.append(line("r-4", 1));

      assertThat(shipper.awaitShipped(BOUND)).isFalse();
      assertThat(shipper.stopCause()).hasMessageContaining("401");
      assertThat(shipper.spool().ackedSeq()).isZero();
    }
  }

  @Test
  void replaysUnacknowledgedEventsAfterKillAndRestart() throws Exception {
    Path spoolDir = dir.resolve("victim");
    // Ingestion stores the first 300 events, then fails, so the victim dies with a backlog.
    controlPlane.eventsDownAfter(300);
    Process victim =
        new ProcessBuilder(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                SpoolWriterMain.class.getName(),
                spoolDir.toString(),
                controlPlane.url().toString(),
                AGENT_TOKEN,
                "r-kill",
                "5000")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("victim.log").toFile())
            .start();
    try {
      await("the victim to spool 5000 events", BOUND, () -> peek(spoolDir) == 5_000);
      await("ingestion to refuse", BOUND, () -> controlPlane.eventFailures() > 0);
    } finally {
      victim.destroyForcibly();
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    int storedBeforeRestart = controlPlane.events("r-kill").size();
    assertThat(storedBeforeRestart).isBetween(300, 4_999);
    controlPlane.eventsUp();

    // The restarted agent opens the spool and ships the rest with its own token.
    List<RunEvent> produced = new ArrayList<>();
    try (var spool = EventSpool.open(spoolDir, json)) {
      assertThat(spool.lastSeq()).isEqualTo(5_000);
      assertThat(spool.ackedSeq()).isLessThan(5_000);
      for (SpooledEvent event : spool.read(0, Integer.MAX_VALUE, Long.MAX_VALUE)) {
        produced.add(json.readValue(event.json(), RunEvent.class));
      }
    }
    try (var shipper =
        EventShipper.start(
            "r-kill",
            EventSpool.open(spoolDir, json),
            client.events(),
            BatchLimits.DEFAULT,
            FAST,
            json)) {
      assertThat(shipper.awaitShipped(BOUND)).isTrue();
    }

    List<RunEvent> received = controlPlane.events("r-kill");
    assertThat(received)
        .extracting(RunEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 5_000).boxed().toList());
    assertThat(received.subList(received.size() - produced.size(), received.size()))
        .isEqualTo(produced);
    assertThat(received.get(41)).isEqualTo(line("r-kill", 42));
    assertThat(controlPlane.conflicts()).isEmpty();
  }

  private static long peek(Path spoolDir) {
    return java.nio.file.Files.isDirectory(spoolDir) ? EventSpool.peekLastSeq(spoolDir) : 0;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
