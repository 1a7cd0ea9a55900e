package dev.materia.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.SeqRange;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EventSequenceTest {
  @Test
  void aContiguousBatchMovesTheContiguousSeqToItsEnd() {
    var progress = EventSequence.after(0, new TreeSet<>(List.of(1L, 2L, 3L)));
    assertThat(progress.contiguous()).isEqualTo(3);
    assertThat(progress.max()).isEqualTo(3);
    assertThat(progress.gaps()).isEmpty();
  }

  @Test
  void gapsAreReportedAsRangesAboveTheContiguousSeq() {
    var progress = EventSequence.after(2, new TreeSet<>(List.of(3L, 6L, 7L, 10L)));
    assertThat(progress.contiguous()).isEqualTo(3);
    assertThat(progress.max()).isEqualTo(10);
    assertThat(progress.gaps()).containsExactly(new SeqRange(4, 5), new SeqRange(8, 9));
  }

  @Test
  void aMissingFirstSeqLeavesTheContiguousSeqAtZero() {
    var progress = EventSequence.after(0, new TreeSet<>(List.of(2L)));
    assertThat(progress.contiguous()).isZero();
    assertThat(progress.gaps()).containsExactly(new SeqRange(1, 1));
  }

  @Test
  void fillingTheGapJoinsEverythingStoredAbove() {
    var progress = EventSequence.after(3, new TreeSet<>(List.of(4L, 5L, 6L, 7L, 10L)));
    assertThat(progress.contiguous()).isEqualTo(7);
    assertThat(progress.gaps()).containsExactly(new SeqRange(8, 9));
  }

  @Test
  void nothingNewKeepsTheState() {
    var progress = EventSequence.after(5, new TreeSet<>());
    assertThat(progress.contiguous()).isEqualTo(5);
    assertThat(progress.max()).isEqualTo(5);
    assertThat(progress.gaps()).isEmpty();
  }

  @Test
  void gapsAreCapped() {
    TreeSet<Long> sparse = new TreeSet<>();
    for (long s = 2; s < 1_000; s += 2) {
      sparse.add(s);
    }
    var progress = EventSequence.after(0, sparse);
    assertThat(progress.gaps()).hasSize(EventSequence.MAX_GAPS);
    assertThat(progress.max()).isEqualTo(998);
  }
}
