package dev.materia.agent.spool;

import dev.materia.api.RunEvent;
import dev.materia.runtime.execution.EventSink;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's event sink backed by its spool: the engine and the worker append through it, it numbers
 * each event after the spool's {@code appendedSeq} as the event is made, and writes it through
 * once. Nothing follows {@code RunFinished}: later appends are dropped.
 *
 * <pre>{@code
 * SpoolEventSink sink = new SpoolEventSink(runId, Clock.systemUTC(), shipper.spool(), shipper::append, e -> {});
 * RunOptions options = RunOptions.builder().runId(runId).eventSink(sink).build();
 * }</pre>
 */
public final class SpoolEventSink implements EventSink {
  private static final Logger log = LoggerFactory.getLogger(SpoolEventSink.class);

  /** Writes one event to the spool (directly, or through the shipper so it wakes up). */
  @FunctionalInterface
  public interface Writer {
    void write(RunEvent event) throws IOException;
  }

  private final String runId;
  private final Clock clock;
  private final EventSpool spool;
  private final Writer writer;
  private final Consumer<RunEvent> appended;

  /**
   * @param appended called after each event is in the spool, still in order (under the sink's
   *     lock): it may append more, e.g. a note right after {@code RunStarted}
   */
  public SpoolEventSink(
      String runId, Clock clock, EventSpool spool, Writer writer, Consumer<RunEvent> appended) {
    this.runId = Objects.requireNonNull(runId, "runId == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.spool = Objects.requireNonNull(spool, "spool == null");
    this.writer = Objects.requireNonNull(writer, "writer == null");
    this.appended = Objects.requireNonNull(appended, "appended == null");
  }

  /** A sink writing straight to the spool, with no shipper: for sealing a dead worker's spool. */
  public static SpoolEventSink direct(String runId, Clock clock, EventSpool spool) {
    return new SpoolEventSink(runId, clock, spool, spool::append, event -> {});
  }

  @Override
  public synchronized <E extends RunEvent> E append(Factory<E> factory) {
    if (spool.finished()) {
      return null;
    }
    E event = factory.create(runId, spool.appendedSeq() + 1, clock.instant());
    try {
      writer.write(event);
    } catch (IOException | RuntimeException e) {
      // Steps must not fail because the disk did; the seq stays free for the next event.
      log.error(
          "run {}: cannot spool event {} ({})",
          runId,
          event.seq(),
          event.getClass().getSimpleName(),
          e);
      return event;
    }
    appended.accept(event);
    return event;
  }

  @Override
  public synchronized long appendedSeq() {
    return spool.appendedSeq();
  }

  /** Whether {@code RunFinished} is in the spool, so nothing more will be appended. */
  public synchronized boolean finished() {
    return spool.finished();
  }
}
