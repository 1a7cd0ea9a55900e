package dev.materia.agent.spool;

import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.EgressLedger;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipping through the spool to the real control plane's ingestion, with the run tokens it hands
 * out; outages are the control plane really stopped and restarted.
 */
class EventShipperTest {
  @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();

  /**
   * When this test's events happened: now, since the control plane clamps an event stamped before
   * its run's launch (or after its own clock) to that window.
   */
  private final Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private static final Backoff FAST = new Backoff(Duration.ofMillis(2), Duration.ofMillis(100), 2);
  private static final Duration BOUND = Duration.ofSeconds(60);

  private final ObjectMapper json = WireJson.mapper();
  @TempDir Path dir;
  private Path ledger;
  private ControlPlaneClient client;

  @BeforeAll
  static void registerSeed() throws Exception {
    controlPlane.registerLoaded("seed", LocationJars.seed(), "v1");
  }

  @BeforeEach
  void start() throws Exception {
    ledger = dir.resolve("egress.jsonl");
    client =
        ControlPlaneClient.builder(controlPlane.url(), controlPlane.agentToken())
            .extraCaFile(controlPlane.caFile())
            .backoff(FAST)
            .egressLedger(new EgressLedger(ledger, Clock.systemUTC()))
            .build();
  }

  /** Event batches sent for {@code runId}, attempts that failed included. */
  private long attempts(String runId) {
    try {
      return Files.exists(ledger)
          ? Files.readAllLines(ledger).stream()
              .filter(l -> l.contains("\"path\":\"/api/agent/v1/runs/" + runId + "/events\""))
              .count()
          : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LogLine line(String runId, long seq) {
    return new LogLine(runId, seq, at, "step", LogLevel.INFO, "line " + seq);
  }

  private EventShipper shipper(String runId, String token, BatchLimits limits) throws Exception {
    return EventShipper.start(
        runId, EventSpool.open(dir.resolve(runId), json), client.events(token), limits, FAST, json);
  }

  @Test
  void shipsEveryEventOnceInBatchesBoundedBySize() throws Exception {
    LaunchRun run = controlPlane.launchAndClaim("raw_sales_data");
    String runId = run.runId();
    List<RunEvent> produced = new ArrayList<>();
    try (var shipper =
        shipper(runId, run.runToken(), new BatchLimits(100, 1 << 20, Duration.ofMillis(50)))) {
      for (long seq = 1; seq <= 1_000; seq++) {
        produced.add(line(runId, seq));
      }
      produced.add(new RunFinished(runId, 1_001, at, RunStatus.SUCCESS, 5, null));
      for (RunEvent event : produced) {
        shipper.append(event);
      }

      assertThat(shipper.awaitShipped(BOUND)).isTrue();
      assertThat(shipper.spool().complete()).isTrue();
    }

    assertThat(controlPlane.events(runId)).isEqualTo(produced);
    assertThat(attempts(runId)).isGreaterThanOrEqualTo(11);
    assertThat(controlPlane.status(runId)).isEqualTo(RunStatus.SUCCESS);
  }

  @Test
  void shipsALoneEventOnceItsLingerPasses() throws Exception {
    LaunchRun run = controlPlane.launchAndClaim("raw_sales_data");
    try (var shipper =
        shipper(
            run.runId(), run.runToken(), new BatchLimits(500, 1 << 20, Duration.ofMillis(20)))) {
      shipper.append(line(run.runId(), 1));

      await("the lone event's acknowledgement", BOUND, () -> shipper.spool().ackedSeq() == 1);
      assertThat(controlPlane.events(run.runId())).containsExactly(line(run.runId(), 1));
    }
  }

  @Test
  void keepsEventsThroughAControlPlaneOutage() throws Exception {
    LaunchRun run = controlPlane.launchAndClaim("raw_sales_data");
    String runId = run.runId();
    controlPlane.stop();
    try (var shipper =
        shipper(runId, run.runToken(), new BatchLimits(50, 1 << 20, Duration.ofMillis(1)))) {
      for (long seq = 1; seq <= 200; seq++) {
        shipper.append(line(runId, seq));
      }
      await("failed attempts", BOUND, () -> attempts(runId) >= 3);
      assertThat(shipper.spool().ackedSeq()).isZero();

      controlPlane.restart();

      assertThat(shipper.awaitShipped(BOUND)).isTrue();
    } finally {
      if (!controlPlane.running()) {
        controlPlane.restart();
      }
    }
    assertThat(controlPlane.events(runId))
        .extracting(RunEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
  }

  @Test
  void aBatchTheControlPlaneRefusesIsReplacedByNotesOnceAndShippingGoesOn() throws Exception {
    LaunchRun run = controlPlane.launchAndClaim("raw_sales_data");
    String runId = run.runId();
    try (var shipper = shipper(runId, run.runToken(), new BatchLimits(1, 1 << 20, Duration.ZERO))) {
      shipper.append(line(runId, 1));
      // A step key past the control plane's limit: refused with a 400 however often it is sent.
      shipper.append(new LogLine(runId, 2, at, "s".repeat(5_000), LogLevel.INFO, "too long"));
      shipper.append(line(runId, 3));

      assertThat(shipper.awaitShipped(BOUND)).isTrue();
      assertThat(shipper.stopCause()).isNull();
    }
    List<RunEvent> events = controlPlane.events(runId);
    assertThat(events).extracting(RunEvent::seq).containsExactly(1L, 2L, 3L);
    assertThat(events.get(1))
        .isInstanceOfSatisfying(
            LogLine.class,
            note -> {
              assertThat(note.level()).isEqualTo(LogLevel.ERROR);
              assertThat(note.message()).contains("refused event 2", "events[0].stepKey");
            });
    // 1, 2 (refused), the note for 2, 3: the refused batch is never sent again.
    assertThat(attempts(runId)).isEqualTo(4);
  }

  @Test
  void stopsOnRejectedTokenAndLeavesEventsSpooled() throws Exception {
    String runId = controlPlane.launchAndClaim("raw_sales_data").runId();
    String unknown = "mtr_" + "0".repeat(30) + "AAAAAA";
    try (var shipper = shipper(runId, unknown, new BatchLimits(10, 1 << 20, Duration.ZERO))) {
      shipper.append(line(runId, 1));

      assertThat(shipper.awaitShipped(BOUND)).isFalse();
      assertThat(shipper.stopCause()).hasMessageContaining("401");
      assertThat(shipper.spool().ackedSeq()).isZero();
    }
    assertThat(controlPlane.events(runId)).isEmpty();
  }

  @Test
  void replaysUnacknowledgedEventsAfterKillAndRestart() throws Exception {
    LaunchRun run = controlPlane.launchAndClaim("raw_sales_data");
    String runId = run.runId();
    Path spoolDir = dir.resolve("victim");
    Process victim =
        new ProcessBuilder(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                SpoolWriterMain.class.getName(),
                spoolDir.toString(),
                controlPlane.url().toString(),
                controlPlane.caFile().toString(),
                run.runToken(),
                runId,
                "300",
                "5000")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("victim.log").toFile())
            .start();
    try {
      // The first 300 are stored; with the control plane down the rest stay in the spool.
      await("the first events shipped", BOUND, () -> Files.exists(Path.of(spoolDir + ".shipped")));
      controlPlane.stop();
      Files.createFile(Path.of(spoolDir + ".gate"));
      await("the victim to spool 5000 events", BOUND, () -> peek(spoolDir) == 5_000);
    } finally {
      victim.destroyForcibly();
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
      controlPlane.restart();
    }
    int storedBeforeRestart = controlPlane.events(runId).size();
    assertThat(storedBeforeRestart).isBetween(300, 4_999);

    // The restarted agent opens the spool and ships the rest with its own token.
    List<RunEvent> spooled = new ArrayList<>();
    try (var spool = EventSpool.open(spoolDir, json)) {
      assertThat(spool.appendedSeq()).isEqualTo(5_000);
      assertThat(spool.ackedSeq()).isLessThan(5_000);
      for (SpooledEvent event : spool.read(0, Integer.MAX_VALUE, Long.MAX_VALUE)) {
        spooled.add(json.readValue(event.json(), RunEvent.class));
      }
    }
    try (var shipper =
        EventShipper.start(
            runId,
            EventSpool.open(spoolDir, json),
            client.events(),
            BatchLimits.DEFAULT,
            FAST,
            json)) {
      assertThat(shipper.awaitShipped(BOUND)).isTrue();
    }

    List<RunEvent> received = controlPlane.events(runId);
    assertThat(received)
        .extracting(RunEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 5_000).boxed().toList());
    assertThat(received.subList(received.size() - spooled.size(), received.size()))
        .isEqualTo(spooled);
    // The victim process stamped its own events.
    assertThat(received.get(41))
        .usingRecursiveComparison()
        .ignoringFields("timestamp")
        .isEqualTo(line(runId, 42));
  }

  private static long peek(Path spoolDir) {
    return java.nio.file.Files.isDirectory(spoolDir) ? EventSpool.peekAppendedSeq(spoolDir) : 0;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
