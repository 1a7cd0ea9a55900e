package dev.materia.controlplane.events;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.runs.RunRow;
import dev.materia.controlplane.signals.SignalListener;
import dev.materia.controlplane.signals.Signals;
import io.micronaut.http.sse.Event;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live streams of run events (server-sent events). A stream reads what is stored after its last seq
 * whenever a {@link Signals#RUN} notification names its run, so no thread waits per stream; it ends
 * once the run has finished and every event up to its last is sent.
 */
@Singleton
final class RunEventStreams {
  private static final Logger LOG = LoggerFactory.getLogger(RunEventStreams.class);
  private static final int READ = 500;

  private final RunEventReader reader;
  private final TenantTransactions transactions;
  private final Map<UUID, Set<Stream>> byRun = new ConcurrentHashMap<>();
  private final ExecutorService pumps =
      Executors.newFixedThreadPool(
          2, Thread.ofPlatform().daemon().name("materia-sse-", 0).factory());

  RunEventStreams(RunEventReader reader, TenantTransactions transactions, SignalListener listener) {
    this.reader = reader;
    this.transactions = transactions;
    listener.subscribe(Signals.RUN, this::wake);
    listener.onReconnect(() -> byRun.values().forEach(s -> s.forEach(Stream::wake)));
  }

  /** A stream of {@code run}'s events after {@code after}; starts when subscribed. */
  Publisher<Event<String>> open(RunRow run, long after) {
    Stream stream = new Stream(run.orgId(), run.id(), after);
    return subscriber -> {
      FlowAdapters.toPublisher(stream.publisher).subscribe(subscriber);
      byRun.computeIfAbsent(run.id(), id -> ConcurrentHashMap.newKeySet()).add(stream);
      stream.wake();
    };
  }

  private void wake(UUID runId) {
    Set<Stream> streams = byRun.get(runId);
    if (streams != null) {
      streams.forEach(Stream::wake);
    }
  }

  @PreDestroy
  void stop() {
    byRun.values().forEach(s -> s.forEach(stream -> stream.publisher.close()));
    pumps.shutdownNow();
  }

  private final class Stream {
    final UUID orgId;
    final UUID runId;
    final SubmissionPublisher<Event<String>> publisher;
    final AtomicInteger wakeups = new AtomicInteger();
    volatile long lastSent;

    Stream(UUID orgId, UUID runId, long after) {
      this.orgId = orgId;
      this.runId = runId;
      this.lastSent = after;
      this.publisher = new SubmissionPublisher<>(pumps, 1_024);
    }

    void wake() {
      if (wakeups.getAndIncrement() == 0) {
        try {
          pumps.execute(this::drain);
        } catch (RuntimeException e) {
          close();
        }
      }
    }

    private void drain() {
      int missed = wakeups.get();
      while (true) {
        if (publisher.isClosed()) {
          return;
        }
        try {
          pump();
        } catch (RuntimeException e) {
          LOG.warn("streaming events of run {} failed", runId, e);
          publisher.closeExceptionally(e);
          close();
          return;
        }
        missed = wakeups.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private void pump() {
      while (true) {
        List<RunEventStore.StoredEvent> page =
            transactions
                .run(
                    TenantContext.org(orgId, null),
                    () ->
                        reader.current(orgId, runId).map(run -> reader.stored(run, lastSent, READ)))
                .orElse(null);
        if (page == null) {
          close();
          return;
        }
        for (RunEventStore.StoredEvent event : page) {
          // The stored JSON text goes out as it is: no parsing and writing again per client.
          int lag =
              publisher.offer(
                  Event.of(event.json()).id(Long.toString(event.seq())).name("run_event"),
                  5,
                  TimeUnit.SECONDS,
                  (subscriber, dropped) -> false);
          if (lag < 0) {
            close(); // a client this slow is gone or broken; it resumes with ?after=
            return;
          }
          lastSent = event.seq();
        }
        boolean finished =
            transactions
                .run(TenantContext.org(orgId, null), () -> reader.current(orgId, runId))
                .map(run -> run.status().isTerminal() && lastSent >= run.contiguousSeq())
                .orElse(true);
        if (finished) {
          close();
          return;
        }
        if (page.size() < READ) {
          return;
        }
      }
    }

    void close() {
      publisher.close();
      Set<Stream> streams = byRun.get(runId);
      if (streams != null) {
        streams.remove(this);
      }
    }
  }
}
