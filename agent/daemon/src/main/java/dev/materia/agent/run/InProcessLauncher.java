package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.ControlPlane;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.api.agent.LaunchRun;
import java.io.IOException;
import java.nio.file.Path;
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
    return start(
        launch,
        RunSpec.of(launch, location.classpath().stream().map(Path::toString).toList()),
        List.of(location));
  }

  @Override
  public LaunchedRun launchStages(LaunchRun launch, List<LoadedCodeLocation> stages)
      throws IOException {
    Objects.requireNonNull(launch, "launch == null");
    Objects.requireNonNull(stages, "stages == null");
    RunSpec spec =
        RunSpec.staged(
            launch,
            stages.stream().map(l -> l.classpath().stream().map(Path::toString).toList()).toList());
    return start(launch, spec, stages);
  }

  /** Starts the worker on {@code code}, releasing the locations when the run is over. */
  private LaunchedRun start(LaunchRun launch, RunSpec spec, List<LoadedCodeLocation> code)
      throws IOException {
    RunWorker worker;
    try {
      worker =
          RunWorker.start(
              spec,
              code.stream()
                  .map(l -> new RunWorker.StageCode(l.definitions(), l.classLoader()))
                  .toList(),
              null,
              RunFiles.of(runsRoot, launch.runId()),
              controlPlane.events(launch.runToken()),
              settings,
              json,
              null);
    } catch (IOException | RuntimeException e) {
      code.forEach(LoadedCodeLocation::release);
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
                code.forEach(LoadedCodeLocation::release);
              }
            });
    return new WorkerRun(launch.id(), worker);
  }
}
