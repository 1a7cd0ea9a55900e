package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.ControlPlane;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Ends launches that never start (the code location is not loaded, the launcher refused, or the run
 * was terminated while queued on the agent): each still gets its {@code RunStarted}, the reason and
 * {@code RunFinished}, shipped through its own spool like any run.
 *
 * <p>Example: {@code unstarted.fail(launch, "code location seed is not loaded on this agent")}.
 */
public final class UnstartedRuns {
  private final Path runsRoot;
  private final ControlPlane controlPlane;
  private final WorkerSettings settings;
  private final ObjectMapper json;

  public UnstartedRuns(
      Path runsRoot, ControlPlane controlPlane, WorkerSettings settings, ObjectMapper json) {
    this.runsRoot = Objects.requireNonNull(runsRoot, "runsRoot == null");
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.json = Objects.requireNonNull(json, "json == null");
  }

  /** Ends the launch as FAILURE with {@code reason}. */
  public LaunchedRun fail(LaunchRun launch, String reason) throws IOException {
    return end(launch, RunStatus.FAILURE, reason);
  }

  /** Ends the launch with {@code status} (CANCELED when terminated while queued on the agent). */
  public LaunchedRun end(LaunchRun launch, RunStatus status, String reason) throws IOException {
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
            null);
    return new WorkerRun(launch.id(), worker);
  }
}
