package dev.materia.agent;

import dev.materia.agent.client.Backoff;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link PollTask} in a loop on its own virtual thread, in the shape of Temporal's {@code
 * Poller}: what a poll returns goes to a handler, a failure backs off (jittered exponential, reset
 * by the next success), an interrupt ends the loop with the interrupt flag restored, and a failure
 * the caller calls final (a rejected token) ends it for good.
 *
 * <pre>{@code
 * Poller<List<WorkItem>> poller = new Poller<>("poll for work", task, items -> items.forEach(agent::dispatch),
 *     Backoff.DEFAULT, task::pollInterval, e -> false);
 * poller.start();
 * poller.stop();
 * }</pre>
 */
final class Poller<T> {
  private static final Logger log = LoggerFactory.getLogger(Poller.class);

  /** One poll: what it claimed, or null for nothing. */
  @FunctionalInterface
  interface PollTask<T> {
    T poll() throws Exception;
  }

  private final String name;
  private final PollTask<T> task;
  private final Consumer<T> handler;
  private final Backoff backoff;
  private final Supplier<Duration> pause;
  private final Predicate<Exception> fatal;
  private final AtomicLong lastSuccessNanos = new AtomicLong(System.nanoTime());
  private volatile boolean stopped;
  private volatile Thread thread;
  private int failures;

  /**
   * @param name what the poll does, in logs and the thread's name
   * @param pause the wait between polls (jittered by 20%), read before each wait
   * @param fatal whether a failure ends the loop for good (it reports why itself)
   */
  Poller(
      String name,
      PollTask<T> task,
      Consumer<T> handler,
      Backoff backoff,
      Supplier<Duration> pause,
      Predicate<Exception> fatal) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.task = Objects.requireNonNull(task, "task == null");
    this.handler = Objects.requireNonNull(handler, "handler == null");
    this.backoff = Objects.requireNonNull(backoff, "backoff == null");
    this.pause = Objects.requireNonNull(pause, "pause == null");
    this.fatal = Objects.requireNonNull(fatal, "fatal == null");
  }

  void start() {
    thread = Thread.ofVirtual().name("materia-" + name.replace(' ', '-')).start(this::loop);
  }

  /** Ends the loop: interrupts a poll in flight and waits for the thread. */
  void stop() {
    stopped = true;
    Thread running = thread;
    if (running != null) {
      running.interrupt();
      try {
        running.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits up to {@code timeout} for the loop to end by itself; whether it has. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    Thread running = thread;
    return running == null || running.join(timeout);
  }

  /** Whether the loop still runs. */
  boolean isAlive() {
    Thread running = thread;
    return running != null && running.isAlive();
  }

  /** Time since the last poll that did not fail. */
  Duration sinceLastSuccess() {
    return Duration.ofNanos(System.nanoTime() - lastSuccessNanos.get());
  }

  private void loop() {
    while (!stopped && !Thread.currentThread().isInterrupted()) {
      T result;
      try {
        result = task.poll();
      } catch (Exception e) {
        if (stopped || interrupted(e)) {
          Thread.currentThread().interrupt();
          return;
        }
        if (fatal.test(e)) {
          return;
        }
        failures++;
        Duration delay = backoff.delay(failures);
        log.warn(
            "{} failed ({} in a row): {}; next poll in {} ms",
            name,
            failures,
            e.getMessage(),
            delay.toMillis());
        sleep(delay);
        continue;
      }
      failures = 0;
      lastSuccessNanos.set(System.nanoTime());
      if (result != null) {
        try {
          handler.accept(result);
        } catch (RuntimeException e) {
          log.error("{}: handling what it returned failed", name, e);
        }
      }
      Duration wait = pause.get();
      if (wait.isPositive()) {
        sleep(Backoff.jittered(wait, 0.2));
      }
    }
  }

  private static boolean interrupted(Exception e) {
    return e instanceof InterruptedException
        || (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted());
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
