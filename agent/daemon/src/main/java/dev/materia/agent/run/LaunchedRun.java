package dev.materia.agent.run;

import dev.materia.api.RunStatus;
import java.time.Duration;

/**
 * A run a {@link RunLauncher} started: its status as the agent sees it, and the means to stop it.
 *
 * <p>Example: {@code run.terminate("canceled by ada"); run.awaitDone(Duration.ofSeconds(30));}
 */
public interface LaunchedRun {
  /** The run's id. */
  String runId();

  /** The launch work item, reported in heartbeats. */
  String workItemId();

  /** STARTING or STARTED while running, then SUCCESS, FAILURE or CANCELED. */
  RunStatus status();

  /** The highest seq the run has produced, as far as the agent knows. */
  long appendedSeq();

  /** Whether the run is over (its worker ended and its events are shipped or spooled). */
  boolean isDone();

  /** Stops the run: cancels an in-process run, kills a subprocess; the run ends CANCELED. */
  void terminate(String reason);

  /** Waits up to {@code timeout} for the run to be over; true when it is. */
  boolean awaitDone(Duration timeout) throws InterruptedException;
}
