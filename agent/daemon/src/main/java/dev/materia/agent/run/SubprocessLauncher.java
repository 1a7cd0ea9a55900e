package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.spool.EventSpool;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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
 *
 * <p>To cut launch time, the launcher keeps one spare worker JVM started ahead of need ({@code
 * standby}, on by default): it has loaded the worker's classes and waits on stdin. A launch renames
 * the spare's directory to the run's, hands it the run directory and token on stdin, and starts the
 * next spare; without a live spare it starts a JVM as before. {@link #close()} ends the spare (it
 * also exits by itself when the agent dies, as its stdin closes).
 */
public final class SubprocessLauncher implements RunLauncher, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubprocessLauncher.class);

  /** Directories of spare workers under the runs root; a leading dot is never a run id. */
  static final String SPARE_PREFIX = ".spare-";

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
  private final boolean standby;
  private final Object spareLock = new Object();
  private Spare spare;
  private boolean closed;

  /** A worker JVM waiting on stdin for its run, in its own directory under the runs root. */
  private record Spare(Process process, Path dir) {}

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
    this.standby = builder.standby;
    if (standby) {
      removeStaleSpares();
      synchronized (spareLock) {
        spare = startSpare();
      }
    }
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
    return start(
        launch,
        RunSpec.of(launch, location.classpath().stream().map(Path::toString).toList()),
        List.of(location));
  }

  /** The worker process loads each stage's location from the classpaths in its spec. */
  @Override
  public LaunchedRun launchStages(LaunchRun launch, List<LoadedCodeLocation> stages)
      throws IOException {
    Objects.requireNonNull(launch, "launch == null");
    Objects.requireNonNull(stages, "stages == null");
    RunSpec spec;
    try {
      spec =
          RunSpec.staged(
              launch,
              stages.stream()
                  .map(l -> l.classpath().stream().map(Path::toString).toList())
                  .toList());
    } catch (RuntimeException e) {
      stages.forEach(LoadedCodeLocation::release);
      throw e;
    }
    return start(launch, spec, stages);
  }

  private LaunchedRun start(LaunchRun launch, RunSpec spec, List<LoadedCodeLocation> held)
      throws IOException {
    try {
      RunFiles files = RunFiles.of(runsRoot, launch.runId());
      Process process = claimSpare(files);
      if (process != null) {
        json.writeValue(files.spec().toFile(), spec);
        Files.writeString(files.pid(), Long.toString(process.pid()));
        try (var stdin = process.getOutputStream()) {
          stdin.write(
              (files.dir() + "\n" + launch.runToken() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        log.info("run {} handed to the spare worker process {}", launch.runId(), process.pid());
      } else {
        files.create();
        json.writeValue(files.spec().toFile(), spec);
        process = start(files.dir(), List.of(files.dir().toString()), launch.runToken());
        Files.writeString(files.pid(), Long.toString(process.pid()));
        log.info("run {} started as process {}", launch.runId(), process.pid());
      }
      var run =
          new ProcessRun(launch.id(), launch.runId(), files, process.toHandle(), terminateGrace);
      process.onExit().whenComplete((p, e) -> held.forEach(LoadedCodeLocation::release));
      return run;
    } catch (IOException | RuntimeException e) {
      held.forEach(LoadedCodeLocation::release);
      throw e;
    }
  }

  /** Whether a spare worker is up and warm, so the next launch skips the JVM start. */
  public boolean spareReady() {
    synchronized (spareLock) {
      return spare != null
          && spare.process().isAlive()
          && Files.exists(spare.dir().resolve(RunWorkerMain.READY));
    }
  }

  /** Ends the spare worker, if any; runs already launched go on. */
  @Override
  public void close() {
    Spare last;
    synchronized (spareLock) {
      closed = true;
      last = spare;
      spare = null;
    }
    if (last != null) {
      try {
        last.process().getOutputStream().close(); // EOF: the spare exits by itself
      } catch (IOException e) {
        last.process().destroy();
      }
      deleteQuietly(last.dir());
    }
  }

  /**
   * Turns the spare into the run's worker by renaming its directory (its working directory and log
   * files move with it) and starts the next spare; null when there is no live spare to use.
   */
  private Process claimSpare(RunFiles files) throws IOException {
    if (!standby) {
      return null;
    }
    synchronized (spareLock) {
      Spare ready = spare;
      spare = null;
      if (ready == null || !ready.process().isAlive() || Files.exists(files.dir())) {
        if (ready != null) {
          ready.process().destroy();
          deleteQuietly(ready.dir());
        }
        spare = closed ? null : startSpare();
        return null;
      }
      Files.move(ready.dir(), files.dir(), StandardCopyOption.ATOMIC_MOVE);
      spare = closed ? null : startSpare();
      return ready.process();
    }
  }

  private Spare startSpare() {
    Path dir = runsRoot.resolve(SPARE_PREFIX + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      return new Spare(start(dir, List.of(RunWorkerMain.STANDBY, dir.toString()), null), dir);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot start a spare worker; runs start cold: {}", e.getMessage());
      deleteQuietly(dir);
      return null;
    }
  }

  /** Starts a worker JVM in {@code dir}, logging to its files; {@code token} null for a spare. */
  private Process start(Path dir, List<String> arguments, String token) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(RunWorkerMain.class.getName());
    command.addAll(arguments);
    RunFiles files = new RunFiles(dir);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(files.stdout().toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(files.stderr().toFile()));
    Map<String, String> env = builder.environment();
    if (token != null) {
      env.put(RunWorkerMain.TOKEN, token);
    }
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
    if (token != null) {
      process.getOutputStream().close(); // only a spare reads stdin
    }
    return process;
  }

  /** Spares of an earlier agent process exited when it did; their directories go. */
  private void removeStaleSpares() {
    try (var dirs = Files.list(Files.createDirectories(runsRoot))) {
      dirs.filter(d -> d.getFileName().toString().startsWith(SPARE_PREFIX))
          .forEach(SubprocessLauncher::deleteQuietly);
    } catch (IOException e) {
      log.warn("cannot list {}: {}", runsRoot, e.getMessage());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // A spare's leftovers are harmless; the next start removes them.
    }
  }

  /**
   * Whether {@code process} is the worker of {@code runDir}, guarding against a recycled pid: a
   * worker started for the run names its directory; a spare that took the run says it was a spare.
   */
  public static boolean isWorker(ProcessHandle process, Path runDir) {
    return process
        .info()
        .arguments()
        .map(
            args ->
                List.of(args).contains(RunWorkerMain.class.getName())
                    && (List.of(args).contains(runDir.toString())
                        || List.of(args).contains(RunWorkerMain.STANDBY)))
        .orElse(true);
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
    public long appendedSeq() {
      return Files.isDirectory(files.spool()) ? EventSpool.peekAppendedSeq(files.spool()) : 0;
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
    private boolean standby = true;

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

    /** Whether to keep a spare worker JVM started ahead of need (default true). */
    public Builder standby(boolean standby) {
      this.standby = standby;
      return this;
    }

    public SubprocessLauncher build() {
      return new SubprocessLauncher(this);
    }
  }
}
