package dev.materia.agent.run;

import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.api.agent.LaunchRun;
import java.io.IOException;
import java.util.List;

/**
 * Starts run workers somewhere: in the agent's JVM, in a child JVM, and later as a Kubernetes Job
 * or an ECS task. A launcher returns at once; the run goes on without it.
 *
 * <pre>{@code
 * LaunchedRun run = launcher.launch(launch, location);
 * }</pre>
 *
 * <p>Whatever the launcher, the worker ships its own events with the launch's run token through a
 * spool under {@link RunFiles}, so a launcher for remote compute must give the worker a durable
 * volume for {@code runs/<runId>/}.
 */
public interface RunLauncher {
  /** The launcher's name in configuration: {@code in-process}, {@code subprocess}, … */
  String name();

  /**
   * Starts a run of {@code location}, which the caller has acquired; the launcher releases it when
   * it no longer needs it.
   */
  LaunchedRun launch(LaunchRun launch, LoadedCodeLocation location) throws IOException;

  /**
   * Starts a run across code locations ({@link LaunchRun#stages()}), one acquired location per
   * stage in order; the launcher releases them when it no longer needs them.
   */
  default LaunchedRun launchStages(LaunchRun launch, List<LoadedCodeLocation> stages)
      throws IOException {
    stages.forEach(LoadedCodeLocation::release);
    throw new IOException(
        "the "
            + name()
            + " launcher cannot run a selection spanning code locations; use the in-process or"
            + " subprocess launcher");
  }
}
