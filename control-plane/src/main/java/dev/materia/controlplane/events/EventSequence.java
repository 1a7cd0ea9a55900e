package dev.materia.controlplane.events;

import dev.materia.api.agent.SeqRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The seq bookkeeping of a run's event log, pure: given what was contiguous before a batch and
 * every seq stored above it now, where the contiguous prefix ends and which gaps remain.
 */
public final class EventSequence {
  /** Gaps reported per acknowledgement at most; the agent resends from the contiguous seq. */
  public static final int MAX_GAPS = 100;

  private EventSequence() {}

  /**
   * @param contiguous the highest seq such that 1..it are stored
   * @param max the highest seq stored
   * @param gaps missing ranges between {@code contiguous} and {@code max}, ascending, at most
   *     {@link #MAX_GAPS}
   */
  public record Progress(long contiguous, long max, List<SeqRange> gaps) {}

  /**
   * @param contiguousBefore the contiguous seq before the batch
   * @param storedAbove every stored seq above {@code contiguousBefore}, new ones included,
   *     ascending without repeats
   */
  public static Progress after(long contiguousBefore, long[] storedAbove) {
    if (contiguousBefore < 0) {
      throw new IllegalArgumentException("contiguousBefore < 0: " + contiguousBefore);
    }
    long contiguous = contiguousBefore;
    int i = 0;
    while (i < storedAbove.length && storedAbove[i] <= contiguous + 1) {
      contiguous = Math.max(contiguous, storedAbove[i]);
      i++;
    }
    long max =
        storedAbove.length == 0
            ? contiguous
            : Math.max(contiguous, storedAbove[storedAbove.length - 1]);
    List<SeqRange> gaps = new ArrayList<>();
    long expected = contiguous + 1;
    for (; i < storedAbove.length; i++) {
      long seq = storedAbove[i];
      if (seq > expected) {
        if (gaps.size() == MAX_GAPS) {
          break;
        }
        gaps.add(new SeqRange(expected, seq - 1));
      }
      expected = Math.max(expected, seq + 1);
    }
    return new Progress(contiguous, max, List.copyOf(gaps));
  }
}
