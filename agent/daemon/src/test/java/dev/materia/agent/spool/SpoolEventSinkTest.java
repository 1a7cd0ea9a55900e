package dev.materia.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.WireJson;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.PartitionRange;
import dev.materia.runtime.ExecutionResult;
import dev.materia.runtime.Materializer;
import dev.materia.runtime.execution.RunOptions;
import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.DailyPartitions;
import dev.materia.sdk.Definitions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's event sink: a seq is given once, as the event is made, after what the spool holds.
 */
class SpoolEventSinkTest {
  private final ObjectMapper json = WireJson.mapper();
  private final Clock clock = Clock.systemUTC();
  @TempDir Path dir;

  @Test
  void theSpoolReceivesTheEventTheFactoryMadeWithItsSeqSetOnce() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      List<RunEvent> written = new ArrayList<>();
      AtomicInteger made = new AtomicInteger();
      var sink =
          new SpoolEventSink(
              "r-1",
              clock,
              spool,
              event -> {
                written.add(event);
                spool.append(event);
              },
              event -> {});

      List<RunEvent> returned = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        returned.add(
            sink.append(
                (run, seq, at) -> {
                  made.incrementAndGet();
                  return new LogLine(run, seq, at, null, LogLevel.INFO, "line");
                }));
      }

      assertThat(made).hasValue(3);
      for (int i = 0; i < 3; i++) {
        assertThat(written.get(i))
            .as("no copy between the factory and the spool")
            .isSameAs(returned.get(i));
      }
      assertThat(written).extracting(RunEvent::seq).containsExactly(1L, 2L, 3L);
      assertThat(spool.read(0, 10, Long.MAX_VALUE))
          .extracting(SpooledEvent::seq)
          .containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void numbersAfterWhatTheSpoolHoldsAndDropsWhatFollowsRunFinished() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      Instant at = Instant.now();
      spool.append(new RunStarted("r-1", 1, at, "*", null, List.of()));
      spool.append(new LogLine("r-1", 2, at, null, LogLevel.INFO, "before"));
      var sink = SpoolEventSink.direct("r-1", clock, spool);

      RunFinished finished =
          sink.append((run, seq, t) -> new RunFinished(run, seq, t, RunStatus.SUCCESS, 0, null));
      AtomicInteger madeAfter = new AtomicInteger();
      LogLine late =
          sink.append(
              (run, seq, t) -> {
                madeAfter.incrementAndGet();
                return new LogLine(run, seq, t, null, LogLevel.WARN, "late");
              });

      assertThat(finished.seq()).isEqualTo(3);
      assertThat(late).isNull();
      assertThat(madeAfter).hasValue(0);
      assertThat(spool.appendedSeq()).isEqualTo(3);
      assertThat(sink.finished()).isTrue();
    }
  }

  /** Daily partitions, two assets. */
  public static final class Daily {
    public Daily() {}

    @Asset
    @DailyPartitions(start = "2024-01-01")
    public String dailyEvents(AssetContext context) {
      return context.partitionKey();
    }

    @Asset
    @DailyPartitions(start = "2024-01-01")
    public String dailyCounts(String dailyEvents) {
      return "counted " + dailyEvents;
    }
  }

  @Test
  void aRangeOverThreeKeysIsOneStartAndOneFinishWithSeqsContiguousInTheSpool() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      var sink = SpoolEventSink.direct("r-range", clock, spool);
      RunOptions options = RunOptions.builder().runId("r-range").eventSink(sink).build();

      ExecutionResult result =
          Materializer.materializeRange(
              Definitions.builder().assets(Daily.class).build(),
              "daily_events+",
              new PartitionRange("2024-01-01", "2024-01-03"),
              options);

      assertThat(result.success()).isTrue();
      List<RunEvent> events = new ArrayList<>();
      for (SpooledEvent spooled : spool.read(0, 1_000, Long.MAX_VALUE)) {
        events.add(json.readValue(spooled.json(), RunEvent.class));
      }
      assertThat(events)
          .extracting(RunEvent::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
      assertThat(events).filteredOn(RunStarted.class::isInstance).hasSize(1);
      assertThat(events).filteredOn(RunFinished.class::isInstance).hasSize(1);
      assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
      assertThat(events.getLast()).isInstanceOf(RunFinished.class);
      assertThat(((RunStarted) events.getFirst()).partitionKey())
          .isEqualTo("2024-01-01...2024-01-03");
      assertThat(spool.finished()).isTrue();
    }
  }
}
