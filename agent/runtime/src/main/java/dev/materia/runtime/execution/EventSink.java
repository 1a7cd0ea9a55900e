package dev.materia.runtime.execution;

import dev.materia.api.RunEvent;
import java.time.Instant;

/**
 * Where a run's events go. The engine (and whoever else speaks for the run, like the agent's
 * worker) appends through one sink, which gives each event its seq and time as the event is made,
 * so a seq is assigned once and never rewritten.
 *
 * <p>Implementations: {@link InMemoryEventSink} (numbers from 1, hands each event to a listener and
 * can keep them; {@code Materializer}'s default) and the agent's spool-backed sink.
 */
public interface EventSink {
  /** Builds an event once its number and time are known. */
  @FunctionalInterface
  interface Factory<E extends RunEvent> {
    E create(String runId, long seq, Instant timestamp);
  }

  /**
   * Numbers, records and delivers one event, in seq order even with parallel steps.
   *
   * @return the event as made, or null when the sink drops it (nothing follows {@code RunFinished})
   */
  <E extends RunEvent> E append(Factory<E> factory);

  /** The highest seq appended, 0 before the first event. */
  long appendedSeq();
}
