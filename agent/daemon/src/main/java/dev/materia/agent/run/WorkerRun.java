package dev.materia.agent.run;

import dev.materia.api.RunStatus;
import java.time.Duration;

/** A run whose worker lives in this JVM. */
record WorkerRun(String workItemId, RunWorker worker) implements LaunchedRun {
  @Override
  public String runId() {
    return worker.runId();
  }

  @Override
  public RunStatus status() {
    return worker.status();
  }

  @Override
  public long appendedSeq() {
    return worker.appendedSeq();
  }

  @Override
  public boolean isDone() {
    return worker.isDone();
  }

  @Override
  public void terminate(String reason) {
    worker.cancel(reason);
  }

  @Override
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return worker.await(timeout) != null;
  }
}
