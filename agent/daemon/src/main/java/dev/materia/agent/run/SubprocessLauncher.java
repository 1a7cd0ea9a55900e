package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.spool.EventSpool;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default launcher: one JVM per run, with the agent's classpath for the worker and the code
 * location's jars in the worker's isolated class loader, so user code cannot crash the agent.
 *
 * <pre>{@code
 * var launcher = SubprocessLauncher.builder(workDir.resolve("runs"), controlPlaneUrl)
 *     .storage(workDir.resolve("storage")).build();
 * }</pre>
 *
 * <p>The worker's stdout and stderr go to {@code stdout.log} and {@code stderr.log} in the run's
 * directory. The run token reaches it through the environment, never the command line. Terminate
 * sends SIGTERM (the worker cancels its run and ships the CANCELED events), then SIGKILL after a
 * grace period. A worker that died before its last event leaves a spool without {@code
 * RunFinished}; {@link RunSpools#seal} completes it.
 */
public final class SubprocessLauncher implements RunLauncher {
  private static final Logger log = LoggerFactory.getLogger(SubprocessLauncher.class);

  private final Path runsRoot;
  private final URI controlPlaneUrl;
  private final Path caFile;
  private final Path egressLedger;
  private final Path storage;
  private final String java;
  private final String classpath;
  private final List<String> jvmOptions;
  private final Duration terminateGrace;
  private final ObjectMapper json;

  private SubprocessLauncher(Builder builder) {
    this.runsRoot = builder.runsRoot;
    this.controlPlaneUrl = builder.controlPlaneUrl;
    this.caFile = builder.caFile;
    this.egressLedger = builder.egressLedger;
    this.storage = builder.storage;
    this.java = builder.java;
    // Workers start in their run directory, so a relative entry would point nowhere there.
    this.classpath = absolute(builder.classpath);
    this.jvmOptions = List.copyOf(builder.jvmOptions);
    this.terminateGrace = builder.terminateGrace;
    this.json = builder.json;
  }

  private static String absolute(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Starts a launcher writing runs under {@code runsRoot} for the control plane at {@code url}. */
  public static Builder builder(Path runsRoot, URI controlPlaneUrl) {
    return new Builder(runsRoot, controlPlaneUrl);
  }

  @Override
  public String name() {
    return "subprocess";
  }

  @Override
  public LaunchedRun launch(LaunchRun launch, LoadedCodeLocation location) throws IOException {
    Objects.requireNonNull(launch, "launch == null");
    Objects.requireNonNull(location, "location == null");
    try {
      RunFiles files = RunFiles.of(runsRoot, launch.runId()).create();
      RunSpec spec = RunSpec.of(launch, location.classpath().stream().map(Path::toString).toList());
      json.writeValue(files.spec().toFile(), spec);
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(classpath);
      command.add(RunWorkerMain.class.getName());
      command.add(files.dir().toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(files.dir().toFile())
              .redirectOutput(ProcessBuilder.Redirect.appendTo(files.stdout().toFile()))
              .redirectError(ProcessBuilder.Redirect.appendTo(files.stderr().toFile()));
      Map<String, String> env = builder.environment();
      env.put(RunWorkerMain.TOKEN, launch.runToken());
      env.put(RunWorkerMain.URL, controlPlaneUrl.toString());
      if (caFile != null) {
        env.put(RunWorkerMain.CA_FILE, caFile.toString());
      }
      if (egressLedger != null) {
        env.put(RunWorkerMain.LEDGER, egressLedger.toString());
      }
      if (storage != null) {
        env.put(RunWorkerMain.STORAGE, storage.toString());
      }
      // The agent's own token must not leak into user code.
      env.remove("MATERIA_AGENT_TOKEN");
      Process process = builder.start();
      Files.writeString(files.pid(), Long.toString(process.pid()));
      log.info("run {} started as process {}", launch.runId(), process.pid());
      var run =
          new ProcessRun(launch.id(), launch.runId(), files, process.toHandle(), terminateGrace);
      process.onExit().whenComplete((p, e) -> location.release());
      return run;
    } catch (IOException | RuntimeException e) {
      location.release();
      throw e;
    }
  }

  /** Re-attaches to a worker process a previous agent started, after a restart. */
  public static LaunchedRun adopt(
      String workItemId, String runId, RunFiles files, ProcessHandle process, Duration grace) {
    return new ProcessRun(workItemId, runId, files, process, grace);
  }

  /** A run whose worker is another process; it ships its own events. */
  private static final class ProcessRun implements LaunchedRun {
    private final String workItemId;
    private final String runId;
    private final RunFiles files;
    private final ProcessHandle process;
    private final Duration grace;
    private volatile boolean terminated;
    private volatile String terminateReason;

    ProcessRun(
        String workItemId, String runId, RunFiles files, ProcessHandle process, Duration grace) {
      this.workItemId = workItemId;
      this.runId = runId;
      this.files = files;
      this.process = process;
      this.grace = grace;
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public String workItemId() {
      return workItemId;
    }

    @Override
    public RunStatus status() {
      if (process.isAlive()) {
        return RunStatus.STARTED;
      }
      return terminated ? RunStatus.CANCELED : RunSpools.finalStatus(files.spool());
    }

    @Override
    public long lastSeq() {
      return Files.isDirectory(files.spool()) ? EventSpool.peekLastSeq(files.spool()) : 0;
    }

    @Override
    public boolean isDone() {
      return !process.isAlive();
    }

    @Override
    public void terminate(String reason) {
      terminated = true;
      terminateReason = reason;
      process.destroy();
      Thread.ofVirtual()
          .name("materia-kill-" + runId)
          .start(
              () -> {
                try {
                  process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception stillRunning) {
                  log.warn("run {}: worker ignored SIGTERM for {}; killing it", runId, grace);
                  process.destroyForcibly();
                }
              });
    }

    @Override
    public boolean awaitDone(Duration timeout) throws InterruptedException {
      try {
        process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        return !process.isAlive();
      }
    }

    /** Why the run was terminated, for sealing its spool; null when it was not. */
    String terminateReason() {
      return terminateReason;
    }
  }

  /** Settings of a {@link SubprocessLauncher}. */
  public static final class Builder {
    private final Path runsRoot;
    private final URI controlPlaneUrl;
    private Path caFile;
    private Path egressLedger;
    private Path storage;
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private String classpath = System.getProperty("java.class.path");
    private final List<String> jvmOptions = new ArrayList<>();
    private Duration terminateGrace = Duration.ofSeconds(10);
    private ObjectMapper json = dev.materia.agent.client.WireJson.mapper();

    private Builder(Path runsRoot, URI controlPlaneUrl) {
      this.runsRoot = Objects.requireNonNull(runsRoot, "runsRoot == null");
      this.controlPlaneUrl = Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl == null");
    }

    /** The extra CA file workers trust, as the agent does. */
    public Builder caFile(Path caFile) {
      this.caFile = caFile;
      return this;
    }

    /** The egress ledger workers append to, as the agent does. */
    public Builder egressLedger(Path egressLedger) {
      this.egressLedger = egressLedger;
      return this;
    }

    /** Root of the default filesystem I/O manager. */
    public Builder storage(Path storage) {
      this.storage = storage;
      return this;
    }

    /** The java executable; the agent's own by default. */
    public Builder java(String java) {
      this.java = Objects.requireNonNull(java, "java == null");
      return this;
    }

    /** The worker's classpath: the agent's own by default. */
    public Builder classpath(String classpath) {
      this.classpath = Objects.requireNonNull(classpath, "classpath == null");
      return this;
    }

    /** Options for each worker JVM, e.g. {@code -Xmx2g}. */
    public Builder jvmOption(String option) {
      jvmOptions.add(Objects.requireNonNull(option, "option == null"));
      return this;
    }

    /** How long a terminated worker may take to cancel before it is killed. */
    public Builder terminateGrace(Duration terminateGrace) {
      this.terminateGrace = Objects.requireNonNull(terminateGrace, "terminateGrace == null");
      return this;
    }

    public SubprocessLauncher build() {
      return new SubprocessLauncher(this);
    }
  }
}
