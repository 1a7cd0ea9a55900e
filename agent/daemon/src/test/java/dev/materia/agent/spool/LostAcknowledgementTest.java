package dev.materia.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The control plane acknowledges seqs and then loses them (its database committed without waiting
 * for the disk and crashed, or was restored): its contiguous seq goes backwards. The loss is played
 * by deleting the rows in the real database, as the crash would have.
 */
class LostAcknowledgementTest {
  @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();

  private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");
  private static final Backoff FAST = new Backoff(Duration.ofMillis(2), Duration.ofMillis(100), 2);
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final BatchLimits TEN = new BatchLimits(10, 1 << 20, Duration.ofMillis(1));

  private final ObjectMapper json = WireJson.mapper();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  @TempDir Path dir;
  private ControlPlaneClient client;

  @BeforeAll
  static void registerSeed() throws Exception {
    controlPlane.registerLoaded("seed", LocationJars.seed(), "v1");
  }

  @BeforeEach
  void start() throws Exception {
    client =
        ControlPlaneClient.builder(controlPlane.url(), controlPlane.agentToken())
            .extraCaFile(controlPlane.caFile())
            .backoff(FAST)
            .build();
    logs.start();
    ((Logger) LoggerFactory.getLogger(EventShipper.class)).addAppender(logs);
  }

  @AfterEach
  void stopLogs() {
    ((Logger) LoggerFactory.getLogger(EventShipper.class)).detachAppender(logs);
  }

  @Test
  void resendsFromTheSpoolWhatTheControlPlaneLostAfterAcknowledgingIt() throws Exception {
    LaunchRun run = controlPlane.launchAndClaim("raw_sales_data");
    try (var shipper =
        EventShipper.start(
            run.runId(),
            EventSpool.open(dir.resolve("spool"), json),
            client.events(run.runToken()),
            TEN,
            FAST,
            json)) {
      append(shipper, run.runId(), 1, 50);
      assertThat(shipper.awaitShipped(BOUND)).isTrue();
      loseAbove(run.runId(), 40);

      append(shipper, run.runId(), 51, 60);

      assertThat(shipper.awaitShipped(BOUND)).as("shipped past the loss").isTrue();
    }
    assertThat(controlPlane.storedSeqs(run.runId())).containsExactlyElementsOf(seqs(1, 60));
    assertThat(controlPlane.contiguousSeq(run.runId())).isEqualTo(60);
    assertThat(errors())
        .singleElement()
        .asString()
        .contains("acknowledged seqs up to 50 but now holds only up to 40")
        .contains("resending them from the spool");
  }

  @Test
  void logsOnceWhichSeqsAreLostWhenTheSpoolNoLongerHoldsThemAndShipsTheRest() throws Exception {
    LaunchRun run = controlPlane.launchAndClaim("raw_sales_data");
    // One event per segment: each is deleted from the spool once acknowledged.
    try (var shipper =
        EventShipper.start(
            run.runId(),
            EventSpool.open(dir.resolve("spool"), json, 1),
            client.events(run.runToken()),
            TEN,
            FAST,
            json)) {
      append(shipper, run.runId(), 1, 50);
      assertThat(shipper.awaitShipped(BOUND)).isTrue();
      loseAbove(run.runId(), 40);

      append(shipper, run.runId(), 51, 60);
      shipper.append(new RunFinished(run.runId(), 61, AT, RunStatus.SUCCESS, 5, null));

      assertThat(shipper.awaitShipped(BOUND)).as("shipped past the loss").isTrue();
      assertThat(shipper.spool().complete()).isTrue();
    }
    // The spool kept seq 50 (its last segment): only 41..49 are gone from both sides.
    assertThat(controlPlane.storedSeqs(run.runId()))
        .containsExactlyElementsOf(
            Stream.concat(seqs(1, 40).stream(), seqs(50, 61).stream()).toList());
    assertThat(errors())
        .singleElement()
        .asString()
        .contains("lost seqs 41..50")
        .contains("seqs 41..49 are no longer in the spool, so they are lost for good")
        .contains("resending seqs 50..50");
    assertThat(controlPlane.status(run.runId())).isEqualTo(RunStatus.SUCCESS);
  }

  private static void append(EventShipper shipper, String runId, long from, long to)
      throws Exception {
    for (long seq = from; seq <= to; seq++) {
      shipper.append(new LogLine(runId, seq, AT, "step", LogLevel.INFO, "line " + seq));
    }
  }

  /** What a crash of a database committing asynchronously does: the last batches are gone. */
  private static void loseAbove(String runId, long seq) throws Exception {
    try (Connection connection = controlPlane.database().connect()) {
      connection
          .createStatement()
          .executeUpdate(
              "delete from run_events where run_id = '%s' and seq > %d"
                  .formatted(UUID.fromString(runId), seq));
      connection
          .createStatement()
          .executeUpdate(
              "update runs set contiguous_seq = %d, max_seq = %d where id = '%s'"
                  .formatted(seq, seq, UUID.fromString(runId)));
    }
  }

  private static List<Long> seqs(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private List<String> errors() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
