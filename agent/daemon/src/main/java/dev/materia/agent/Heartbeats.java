package dev.materia.agent;

import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlane;
import dev.materia.agent.client.ControlPlaneException;
import dev.materia.api.agent.AgentHeartbeat;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the agent's heartbeat at the server's interval (with 10% jitter) on its own virtual thread,
 * and at once when {@link #wake()}d (a run launched, a location loaded). A failed heartbeat waits
 * for the next one, so the lease keeps its pace; a rejected token ends the loop.
 *
 * <p>Example: {@code new Heartbeats(controlPlane, this::heartbeat, task::heartbeatInterval,
 * this::tokenRejected).start()}.
 */
final class Heartbeats {
  private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

  private final ControlPlane controlPlane;
  private final Function<Boolean, AgentHeartbeat> heartbeat;
  private final Supplier<Duration> interval;
  private final Consumer<ControlPlaneException> tokenRejected;
  private final Object signal = new Object();
  private volatile boolean stopped;
  private volatile long lastOkNanos;
  private Thread thread;

  /**
   * @param heartbeat the heartbeat to send, given whether it is the last one
   */
  Heartbeats(
      ControlPlane controlPlane,
      Function<Boolean, AgentHeartbeat> heartbeat,
      Supplier<Duration> interval,
      Consumer<ControlPlaneException> tokenRejected) {
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane == null");
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat == null");
    this.interval = Objects.requireNonNull(interval, "interval == null");
    this.tokenRejected = Objects.requireNonNull(tokenRejected, "tokenRejected == null");
  }

  void start() {
    thread = Thread.ofVirtual().name("materia-heartbeat").start(this::loop);
  }

  /** Ends the loop and waits for it. */
  void stop() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops sending without waiting: the agent's token was rejected. */
  void halt() {
    stopped = true;
    wake();
  }

  /** Sends the next heartbeat now. */
  void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Time since the control plane last took a heartbeat. */
  Duration sinceLastOk() {
    return Duration.ofNanos(System.nanoTime() - lastOkNanos);
  }

  /** Sends the goodbye heartbeat: the agent is stopping. */
  void sendLast() {
    try {
      controlPlane.heartbeat(heartbeat.apply(true));
    } catch (IOException e) {
      log.warn("last heartbeat failed: {}", e.getMessage());
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        controlPlane.heartbeat(heartbeat.apply(false));
        lastOkNanos = System.nanoTime();
      } catch (ControlPlaneException e) {
        if (e.tokenRejected()) {
          tokenRejected.accept(e);
          return;
        }
        log.warn("heartbeat failed: {}", e.getMessage());
      } catch (IOException e) {
        if (stopped) {
          return;
        }
        log.warn("heartbeat failed: {}", e.getMessage());
      }
      synchronized (signal) {
        try {
          signal.wait(Math.max(1, Backoff.jittered(interval.get(), 0.1).toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
