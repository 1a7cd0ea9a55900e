package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The control plane's answer to an {@link EventBatch}: everything up to {@code contiguousSeq} is
 * stored for good, and the agent may forget it.
 *
 * <p>Example: {@code new EventBatchAck("r-1", 4, List.of(new SeqRange(5, 6)))}: seqs 1–4 stored, 5
 * and 6 missing, something above 6 stored.
 *
 * @param contiguousSeq the highest seq such that every seq from 1 to it is stored (0 when seq 1 is
 *     missing)
 * @param gaps missing seqs above {@code contiguousSeq} and below the highest stored seq, in
 *     ascending order
 */
@Serdeable
public record EventBatchAck(String runId, long contiguousSeq, List<SeqRange> gaps) {
  public EventBatchAck {
    Fields.required(runId, "runId");
    Fields.positive(contiguousSeq, "contiguousSeq");
    gaps = Fields.list(gaps, "gaps");
    long floor = contiguousSeq + 1;
    for (SeqRange gap : gaps) {
      if (gap.first() < floor) {
        throw new IllegalArgumentException(
            "gap "
                + gap.first()
                + ".."
                + gap.last()
                + " overlaps seqs already acknowledged or listed (below "
                + floor
                + ")");
      }
      floor = gap.last() + 2;
    }
  }
}
