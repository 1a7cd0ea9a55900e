package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;

/**
 * An inclusive range of event seqs, e.g. a gap the control plane has not stored.
 *
 * <p>Example: {@code new SeqRange(5, 7)} means seqs 5, 6 and 7.
 */
@Serdeable
public record SeqRange(long first, long last) {
  public SeqRange {
    if (first < 1 || last < first) {
      throw new IllegalArgumentException(
          "seq range " + first + ".." + last + " must have 1 <= first <= last");
    }
  }
}
