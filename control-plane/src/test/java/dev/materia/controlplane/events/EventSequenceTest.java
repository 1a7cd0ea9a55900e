package dev.materia.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.SeqRange;
import org.junit.jupiter.api.Test;

class EventSequenceTest {
  @Test
  void aContiguousBatchMovesTheContiguousSeqToItsEnd() {
    var progress = EventSequence.after(0, new long[] {1, 2, 3});
    assertThat(progress.contiguous()).isEqualTo(3);
    assertThat(progress.max()).isEqualTo(3);
    assertThat(progress.gaps()).isEmpty();
  }

  @Test
  void gapsAreReportedAsRangesAboveTheContiguousSeq() {
    var progress = EventSequence.after(2, new long[] {3, 6, 7, 10});
    assertThat(progress.contiguous()).isEqualTo(3);
    assertThat(progress.max()).isEqualTo(10);
    assertThat(progress.gaps()).containsExactly(new SeqRange(4, 5), new SeqRange(8, 9));
  }

  @Test
  void aMissingFirstSeqLeavesTheContiguousSeqAtZero() {
    var progress = EventSequence.after(0, new long[] {2});
    assertThat(progress.contiguous()).isZero();
    assertThat(progress.gaps()).containsExactly(new SeqRange(1, 1));
  }

  @Test
  void fillingTheGapJoinsEverythingStoredAbove() {
    var progress = EventSequence.after(3, new long[] {4, 5, 6, 7, 10});
    assertThat(progress.contiguous()).isEqualTo(7);
    assertThat(progress.gaps()).containsExactly(new SeqRange(8, 9));
  }

  @Test
  void nothingNewKeepsTheState() {
    var progress = EventSequence.after(5, new long[0]);
    assertThat(progress.contiguous()).isEqualTo(5);
    assertThat(progress.max()).isEqualTo(5);
    assertThat(progress.gaps()).isEmpty();
  }

  @Test
  void gapsAreCapped() {
    long[] sparse = java.util.stream.LongStream.iterate(2, s -> s < 1_000, s -> s + 2).toArray();
    var progress = EventSequence.after(0, sparse);
    assertThat(progress.gaps()).hasSize(EventSequence.MAX_GAPS);
    assertThat(progress.max()).isEqualTo(998);
  }
}
