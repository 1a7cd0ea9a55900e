package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.ControlPlane;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs in the agent's own JVM, on the location's class loader: the fastest launch, for {@code
 * materia dev} and tests. User code shares the agent's process, so a crash in it takes the agent
 * down; use {@link SubprocessLauncher} in production.
 *
 * <p>Example: {@code new InProcessLauncher(workDir.resolve("runs"), controlPlane, settings, json)}.
 */
public final class InProcessLauncher implements RunLauncher {
  private final Path runsRoot;
  private final ControlPlane controlPlane;
  private final WorkerSettings settings;
  private final ObjectMapper json;

  public InProcessLauncher(
      Path runsRoot, ControlPlane controlPlane, WorkerSettings settings, ObjectMapper json) {
    this.runsRoot = Objects.requireNonNull(runsRoot, "runsRoot == null");
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.json = Objects.requireNonNull(json, "json == null");
  }

  @Override
  public String name() {
    return "in-process";
  }

  @Override
  public LaunchedRun launch(LaunchRun launch, LoadedCodeLocation location) throws IOException {
    Objects.requireNonNull(launch, "launch == null");
    Objects.requireNonNull(location, "location == null");
    RunSpec spec = RunSpec.of(launch, location.classpath().stream().map(Path::toString).toList());
    RunWorker worker;
    try {
      worker =
          RunWorker.start(
              spec,
              location.definitions(),
              null,
              RunFiles.of(runsRoot, launch.runId()),
              controlPlane.events(launch.runToken()),
              settings,
              json,
              null,
              location.classLoader());
    } catch (IOException | RuntimeException e) {
      location.release();
      throw e;
    }
    Thread.ofVirtual()
        .name("materia-release-" + launch.runId())
        .start(
            () -> {
              try {
                worker.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                location.release();
              }
            });
    return new WorkerRun(launch.id(), worker);
  }

  /**
   * Starts a run that fails at once with {@code reason}, for a launch whose code location is not
   * loaded: the run still gets its RunStarted, the reason and RunFinished(FAILURE).
   */
  public LaunchedRun fail(LaunchRun launch, String reason) throws IOException {
    return endBeforeStart(launch, RunStatus.FAILURE, reason);
  }

  /**
   * Ends a launch that never started with {@code status} (CANCELED when it was terminated while
   * queued on the agent), with the usual first and last events.
   */
  public LaunchedRun endBeforeStart(LaunchRun launch, RunStatus status, String reason)
      throws IOException {
    RunWorker worker =
        RunWorker.start(
            RunSpec.of(launch, List.of()),
            null,
            reason,
            status,
            RunFiles.of(runsRoot, launch.runId()),
            controlPlane.events(launch.runToken()),
            settings,
            json,
            null,
            null);
    return new WorkerRun(launch.id(), worker);
  }

  /** A run whose worker lives in this JVM. */
  private record WorkerRun(String workItemId, RunWorker worker) implements LaunchedRun {
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
}
