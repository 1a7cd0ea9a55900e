package dev.materia.runtime.execution;

import java.util.ArrayList;
import java.util.List;

/**
 * Cancels a run: no step starts after {@link #cancel()}, and running steps are interrupted.
 *
 * <pre>{@code
 * Cancellation cancellation = new Cancellation();
 * RunHandle run = Materializer.start(definitions, "*", null, options, cancellation);
 * cancellation.cancel();   // from any thread
 * }</pre>
 */
public final class Cancellation {
  private final List<Runnable> hooks = new ArrayList<>();
  private volatile boolean canceled;

  /** Requests cancellation; later calls do nothing. */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (canceled) {
        return;
      }
      canceled = true;
      toRun = List.copyOf(hooks);
    }
    toRun.forEach(Runnable::run);
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCanceled() {
    return canceled;
  }

  /** Runs {@code hook} on cancellation, or at once when already canceled. */
  void onCancel(Runnable hook) {
    synchronized (this) {
      if (!canceled) {
        hooks.add(hook);
        return;
      }
    }
    hook.run();
  }
}
