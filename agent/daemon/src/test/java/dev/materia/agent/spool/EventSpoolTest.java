package dev.materia.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.WireJson;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSpoolTest {
  private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");
  private final ObjectMapper json = WireJson.mapper();
  @TempDir Path dir;

  private static LogLine line(long seq) {
    return new LogLine("r-1", seq, AT, "step", LogLevel.INFO, "line " + seq);
  }

  private RunEvent read(SpooledEvent event) throws Exception {
    return json.readValue(event.json(), RunEvent.class);
  }

  @Test
  void readsEventsBackInSeqOrderWithinBatchBounds() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      for (int seq = 1; seq <= 10; seq++) {
        spool.append(line(seq));
      }

      var firstFour = spool.read(0, 4, Long.MAX_VALUE);
      var afterSeven = spool.read(7, 100, Long.MAX_VALUE);
      var byBytes = spool.read(0, 100, firstFour.getFirst().json().length * 2L);

      assertThat(firstFour).extracting(SpooledEvent::seq).containsExactly(1L, 2L, 3L, 4L);
      assertThat(read(firstFour.get(2))).isEqualTo(line(3));
      assertThat(afterSeven).extracting(SpooledEvent::seq).containsExactly(8L, 9L, 10L);
      assertThat(byBytes).extracting(SpooledEvent::seq).containsExactly(1L, 2L);
    }
  }

  @Test
  void keepsWorkingWhenTheAppendingThreadIsInterrupted() throws Exception {
    // Cancelling a run interrupts its step threads, which append events through the listener.
    try (var spool = EventSpool.open(dir, json)) {
      spool.append(line(1));
      Thread.currentThread().interrupt();
      try {
        spool.append(line(2));
        spool.sync();
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
      }
      spool.append(line(3));
      spool.sync();

      assertThat(spool.read(0, 10, Long.MAX_VALUE))
          .extracting(SpooledEvent::seq)
          .containsExactly(1L, 2L, 3L);
    }
    try (var reopened = EventSpool.open(dir, json)) {
      assertThat(reopened.read(0, 10, Long.MAX_VALUE)).hasSize(3);
    }
  }

  @Test
  void rejectsSeqThatLeavesAGap() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      spool.append(line(1));

      assertThatThrownBy(() -> spool.append(line(3)))
          .hasMessageContaining("event seq 3 does not follow seq 1");
    }
  }

  @Test
  void reopensWhereItLeftOff() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      for (int seq = 1; seq <= 5; seq++) {
        spool.append(line(seq));
      }
      spool.append(new RunFinished("r-1", 6, AT, RunStatus.SUCCESS, 10, null));
      spool.sync();
      spool.acknowledge(3);
    }

    try (var spool = EventSpool.open(dir, json)) {
      assertThat(spool.appendedSeq()).isEqualTo(6);
      assertThat(spool.ackedSeq()).isEqualTo(3);
      assertThat(spool.finished()).isTrue();
      assertThat(spool.read(0, 100, Long.MAX_VALUE))
          .extracting(SpooledEvent::seq)
          .containsExactly(4L, 5L, 6L);
    }
  }

  @Test
  void dropsTornLastLineAndAppendsAfterTheLastWholeEvent() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      spool.append(line(1));
      spool.append(line(2));
    }
    Path segment = segments().getLast();
    Files.write(segment, "1a2b3c4d 3 {\"type\":\"log_li".getBytes(), StandardOpenOption.APPEND);

    try (var spool = EventSpool.open(dir, json)) {
      assertThat(spool.appendedSeq()).isEqualTo(2);
      spool.append(line(3));
      assertThat(spool.read(0, 10, Long.MAX_VALUE))
          .extracting(SpooledEvent::seq)
          .containsExactly(1L, 2L, 3L);
    }
    try (var spool = EventSpool.open(dir, json)) {
      assertThat(read(spool.read(2, 1, Long.MAX_VALUE).getFirst())).isEqualTo(line(3));
    }
  }

  @Test
  void deletesSegmentsOnlyOnceEveryEventInThemIsAcknowledged() throws Exception {
    try (var spool = EventSpool.open(dir, json, 300)) {
      for (int seq = 1; seq <= 20; seq++) {
        spool.append(line(seq));
      }
      int before = segments().size();
      assertThat(before).isGreaterThan(3);

      spool.acknowledge(1);
      assertThat(segments()).hasSize(before);

      spool.acknowledge(20);
      assertThat(segments()).hasSize(1);
      assertThat(spool.read(0, 100, Long.MAX_VALUE)).isEmpty();
    }
    try (var spool = EventSpool.open(dir, json, 300)) {
      assertThat(spool.appendedSeq()).isEqualTo(20);
      spool.append(line(21));
      assertThat(spool.read(0, 100, Long.MAX_VALUE))
          .extracting(SpooledEvent::seq)
          .containsExactly(21L);
    }
  }

  @Test
  void readsAcrossSegments() throws Exception {
    try (var spool = EventSpool.open(dir, json, 300)) {
      for (int seq = 1; seq <= 20; seq++) {
        spool.append(line(seq));
      }

      var all = spool.read(0, 100, Long.MAX_VALUE);
      var middle = spool.read(5, 10, Long.MAX_VALUE);

      assertThat(all).extracting(SpooledEvent::seq).hasSize(20).isSorted();
      assertThat(middle.getFirst().seq()).isEqualTo(6);
      assertThat(middle.getLast().seq()).isEqualTo(15);
    }
  }

  @Test
  void refusesSecondHolder() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      assertThatThrownBy(() -> EventSpool.open(dir, json))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is held by another process");
    }
  }

  @Test
  void deletesItsFilesOnlyWhenComplete() throws Exception {
    var spool = EventSpool.open(dir.resolve("spool"), json);
    spool.append(new RunFinished("r-1", 1, AT, RunStatus.SUCCESS, 1, null));
    assertThatThrownBy(spool::deleteFiles)
        .hasMessageContaining("unacknowledged events up to seq 1");

    spool.acknowledge(1);
    spool.deleteFiles();

    assertThat(dir.resolve("spool")).doesNotExist();
  }

  @Test
  void peeksAppendedSeqWithoutTheLock() throws Exception {
    try (var spool = EventSpool.open(dir, json)) {
      for (int seq = 1; seq <= 7; seq++) {
        spool.append(line(seq));
      }

      assertThat(EventSpool.peekAppendedSeq(dir)).isEqualTo(7);
    }
  }

  private List<Path> segments() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("events-")).sorted().toList();
    }
  }
}
