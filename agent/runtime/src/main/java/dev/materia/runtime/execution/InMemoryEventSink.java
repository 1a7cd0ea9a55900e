package dev.materia.runtime.execution;

import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers a run's events 1, 2, 3… in the order they happen and hands each to a listener and,
 * optionally, to a retained list: the sink of in-process runs.
 *
 * <p>Appending is serialized, so {@code seq} order is delivery order even with parallel steps.
 */
public final class InMemoryEventSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventSink.class);

  private final String runId;
  private final Clock clock;
  private final Consumer<RunEvent> listener;
  private final List<RunEvent> retained;
  private long seq;
  private boolean finished;

  public InMemoryEventSink(String runId, Clock clock, Consumer<RunEvent> listener, boolean retain) {
    this.runId = Objects.requireNonNull(runId, "runId == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.retained = retain ? new ArrayList<>() : null;
  }

  @Override
  public synchronized <E extends RunEvent> E append(Factory<E> factory) {
    if (finished) {
      return null;
    }
    E event = factory.create(runId, ++seq, clock.instant());
    finished = event instanceof RunFinished;
    if (retained != null) {
      retained.add(event);
    }
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      // A broken listener must not fail user steps or leave the run's bookkeeping half done.
      LOG.error("event listener failed on event {} of run {}", event.seq(), runId, e);
    }
    return event;
  }

  /** The events so far, when retained; otherwise empty. */
  public synchronized List<RunEvent> events() {
    return retained == null ? List.of() : List.copyOf(retained);
  }

  @Override
  public synchronized long appendedSeq() {
    return seq;
  }
}
