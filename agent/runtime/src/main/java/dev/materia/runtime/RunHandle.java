package dev.materia.runtime;

import dev.materia.runtime.execution.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run started with {@link Materializer#start}: wait for it, or cancel it.
 *
 * <pre>{@code
 * RunHandle run = Materializer.start(definitions, "*", null, RunOptions.defaults());
 * run.cancel();
 * ExecutionResult result = run.await(Duration.ofSeconds(10));   // status CANCELED
 * }</pre>
 */
public final class RunHandle {
  private final CompletableFuture<ExecutionResult> result;
  private final Cancellation cancellation;

  RunHandle(CompletableFuture<ExecutionResult> result, Cancellation cancellation) {
    this.result = result;
    this.cancellation = cancellation;
  }

  /** Stops starting steps and interrupts running ones; the run still finishes with events. */
  public void cancel() {
    cancellation.cancel();
  }

  /** Whether the run has finished. */
  public boolean isDone() {
    return result.isDone();
  }

  /**
   * Waits for the run to finish.
   *
   * @throws TimeoutException when it does not finish in time
   */
  public ExecutionResult await(Duration timeout) throws InterruptedException, TimeoutException {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("run failed to execute", e.getCause());
    }
  }
}
