package dev.materia.agent;

import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlane;
import dev.materia.agent.client.ControlPlaneException;
import dev.materia.api.agent.WorkItem;
import dev.materia.api.agent.WorkResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long poll at a time against the control plane, in the style of Temporal's pollers: {@link
 * #poll()} returns the claimed work, or null for "no work", after a failure (having backed off), or
 * when interrupted (with the interrupt flag restored).
 *
 * <pre>{@code
 * while (!stopping) {
 *   List<WorkItem> work = poller.poll();
 *   if (work != null) work.forEach(agent::dispatch);
 *   poller.pauseBeforeNextPoll();
 * }
 * }</pre>
 *
 * <p>The server's intervals from every answer are kept for the heartbeat thread. A rejected token
 * is final: the poller reports it through {@code onTokenRejected} and returns null from then on.
 */
final class WorkPoller {
  private static final Logger log = LoggerFactory.getLogger(WorkPoller.class);

  private final ControlPlane controlPlane;
  private final Duration wait;
  private final Backoff backoff;
  private final Consumer<ControlPlaneException> onTokenRejected;
  private final AtomicLong pollIntervalMillis = new AtomicLong(0);
  private final AtomicLong heartbeatIntervalMillis;
  private final AtomicLong lastSuccessNanos = new AtomicLong(System.nanoTime());
  private int failures;
  private volatile boolean rejected;

  WorkPoller(
      ControlPlane controlPlane,
      Duration wait,
      Backoff backoff,
      Duration initialHeartbeatInterval,
      Consumer<ControlPlaneException> onTokenRejected) {
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane == null");
    this.wait = Objects.requireNonNull(wait, "wait == null");
    this.backoff = Objects.requireNonNull(backoff, "backoff == null");
    this.heartbeatIntervalMillis = new AtomicLong(initialHeartbeatInterval.toMillis());
    this.onTokenRejected = Objects.requireNonNull(onTokenRejected, "onTokenRejected == null");
  }

  /** Claimed work, or null for none (no work, a failure already backed off, or interruption). */
  List<WorkItem> poll() {
    if (rejected) {
      return null;
    }
    try {
      WorkResponse response = controlPlane.pollWork(wait);
      failures = 0;
      lastSuccessNanos.set(System.nanoTime());
      pollIntervalMillis.set(response.pollIntervalMillis());
      heartbeatIntervalMillis.set(response.heartbeatIntervalMillis());
      return response.items().isEmpty() ? null : response.items();
    } catch (ControlPlaneException e) {
      if (e.tokenRejected()) {
        rejected = true;
        onTokenRejected.accept(e);
        return null;
      }
      failed(e);
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        return null;
      }
      failed(e);
    } catch (IOException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return null;
      }
      failed(e);
    }
    return null;
  }

  /** Waits the server's poll interval, with jitter; returns at once when interrupted. */
  void pauseBeforeNextPoll() {
    long millis = pollIntervalMillis.get();
    if (millis > 0) {
      sleep(Backoff.jittered(Duration.ofMillis(millis), 0.2));
    }
  }

  /** The heartbeat interval the server asked for last. */
  Duration heartbeatInterval() {
    return Duration.ofMillis(heartbeatIntervalMillis.get());
  }

  /** Time since the last successful poll. */
  Duration sinceLastSuccess() {
    return Duration.ofNanos(System.nanoTime() - lastSuccessNanos.get());
  }

  /** Whether the control plane rejected the agent token. */
  boolean tokenRejected() {
    return rejected;
  }

  private void failed(Exception e) {
    failures++;
    Duration delay = backoff.delay(failures);
    log.warn(
        "poll for work failed ({} in a row): {}; next poll in {} ms",
        failures,
        e.getMessage(),
        delay.toMillis());
    sleep(delay);
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
