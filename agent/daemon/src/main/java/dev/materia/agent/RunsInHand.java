package dev.materia.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.location.CodeLocations;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.run.InProcessLauncher;
import dev.materia.agent.run.LaunchedRun;
import dev.materia.agent.run.RunFiles;
import dev.materia.agent.run.RunLauncher;
import dev.materia.agent.run.RunSpec;
import dev.materia.agent.run.RunSpools;
import dev.materia.agent.run.SubprocessLauncher;
import dev.materia.agent.run.UnstartedRuns;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.RunInHand;
import dev.materia.api.agent.TerminateRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs an agent holds: launched ones, launches waiting for a free slot (at most {@code
 * maxConcurrentRuns} run at once), and launches given back on shutdown.
 *
 * <p>One lock guards the waiting queue, the slots being launched into and the given-back list; the
 * launched runs are a concurrent map, read by heartbeats without it.
 *
 * <pre>{@code
 * runs.launchOrQueue(launch);   // from the poll loop
 * runs.reap();                  // from housekeeping: drops finished runs, starts waiting ones
 * heartbeat.runs(runs.inHand());
 * }</pre>
 */
final class RunsInHand {
  private static final Logger log = LoggerFactory.getLogger(RunsInHand.class);

  private final Path runsRoot;
  private final int maxConcurrentRuns;
  private final CodeLocations locations;
  private final RunLauncher launcher;
  private final UnstartedRuns unstarted;
  private final ObjectMapper json;
  private final Runnable changed;
  private final Map<String, LaunchedRun> runs = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final Deque<LaunchRun> queued = new ArrayDeque<>();
  private final Set<String> launching = new HashSet<>();
  private final List<String> released = new ArrayList<>();
  private boolean closed;

  /**
   * @param unstarted ends launches that never start
   * @param changed called when a run was launched, so the next heartbeat goes out now
   */
  RunsInHand(
      Path runsRoot,
      int maxConcurrentRuns,
      CodeLocations locations,
      RunLauncher launcher,
      UnstartedRuns unstarted,
      ObjectMapper json,
      Runnable changed) {
    this.runsRoot = runsRoot;
    this.maxConcurrentRuns = maxConcurrentRuns;
    this.locations = locations;
    this.launcher = launcher;
    this.unstarted = unstarted;
    this.json = json;
    this.changed = changed;
  }

  /** The launched runs, by id. */
  Map<String, LaunchedRun> runs() {
    return Map.copyOf(runs);
  }

  /** Ids of the launch work items waiting for a free run slot, oldest first. */
  List<String> queuedWorkItems() {
    synchronized (lock) {
      return queued.stream().map(LaunchRun::id).toList();
    }
  }

  /** Whether a run is launched or being launched here, so its spool is not an orphan. */
  boolean holds(String runId) {
    synchronized (lock) {
      return runs.containsKey(runId) || launching.contains(runId);
    }
  }

  /** The runs for a heartbeat. */
  List<RunInHand> inHand() {
    List<RunInHand> inHand = new ArrayList<>();
    for (LaunchedRun run : runs.values()) {
      inHand.add(new RunInHand(run.runId(), run.workItemId(), run.status(), run.appendedSeq()));
    }
    return inHand;
  }

  /** The launch work items given back unstarted, for the heartbeat to return. */
  List<String> givenBack() {
    synchronized (lock) {
      return List.copyOf(released);
    }
  }

  /** Launches now when a slot is free, else queues; after {@link #close()}, gives it back. */
  void launchOrQueue(LaunchRun launch) {
    synchronized (lock) {
      if (runs.containsKey(launch.runId()) || launching.contains(launch.runId())) {
        log.info(
            "run {} is already in hand; ignoring its repeated launch {}",
            launch.runId(),
            launch.id());
        return;
      }
      if (closed) {
        released.add(launch.id());
        return;
      }
      if (runs.size() + launching.size() >= maxConcurrentRuns) {
        log.info("run {} queued on the agent: {} runs in hand", launch.runId(), runs.size());
        queued.add(launch);
        return;
      }
      launching.add(launch.runId());
    }
    launchInSlot(launch);
  }

  /** Terminates a launched run, or ends a queued one CANCELED without starting it. */
  void terminate(TerminateRun terminate) {
    LaunchedRun run = runs.get(terminate.runId());
    if (run != null) {
      log.info("run {} terminating: {}", terminate.runId(), terminate.reason());
      run.terminate(terminate.reason());
      return;
    }
    LaunchRun waiting = null;
    synchronized (lock) {
      for (LaunchRun launch : queued) {
        if (launch.runId().equals(terminate.runId())) {
          waiting = launch;
        }
      }
      queued.remove(waiting);
    }
    if (waiting == null) {
      log.info("run {} is not in hand; nothing to terminate", terminate.runId());
      return;
    }
    try {
      runs.put(
          waiting.runId(),
          unstarted.end(
              waiting, RunStatus.CANCELED, "terminated before it started: " + terminate.reason()));
    } catch (IOException | RuntimeException e) {
      log.error("run {} could not be canceled", waiting.runId(), e);
    }
  }

  /** Drops finished runs, sealing those whose worker died early, and starts queued launches. */
  void reap() {
    for (LaunchedRun run : List.copyOf(runs.values())) {
      if (!run.isDone()) {
        continue;
      }
      RunFiles files = RunFiles.of(runsRoot, run.runId());
      try {
        RunStatus status =
            run.status() == RunStatus.CANCELED ? RunStatus.CANCELED : RunStatus.FAILURE;
        RunSpools.seal(
            files,
            "",
            status,
            status == RunStatus.CANCELED
                ? "the run was terminated"
                : "the run's worker exited before the run finished; see " + files.stderr().toUri(),
            json);
      } catch (IOException e) {
        log.warn("run {}: cannot seal its spool: {}", run.runId(), e.getMessage());
      }
      runs.remove(run.runId());
    }
    while (true) {
      LaunchRun next;
      synchronized (lock) {
        if (closed || queued.isEmpty() || runs.size() + launching.size() >= maxConcurrentRuns) {
          return;
        }
        next = queued.poll();
        launching.add(next.runId());
      }
      launchInSlot(next);
    }
  }

  /** Takes no more launches: the queued ones, and any arriving later, are given back. */
  void close() {
    synchronized (lock) {
      closed = true;
      queued.forEach(l -> released.add(l.id()));
      queued.clear();
    }
  }

  /**
   * Waits for the runs until the grace is over; then terminates in-process runs still going (a
   * subprocess run goes on, and the next agent adopts it).
   */
  void awaitAll(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    for (LaunchedRun run : List.copyOf(runs.values())) {
      awaitRun(run, deadline);
    }
    for (LaunchedRun run : List.copyOf(runs.values())) {
      if (!run.isDone() && launcher instanceof InProcessLauncher) {
        run.terminate("the agent is shutting down");
        awaitRun(run, System.nanoTime() + Duration.ofSeconds(10).toNanos());
      }
    }
  }

  /** Re-attaches to subprocess workers a previous agent process started that still run. */
  void adoptLiveWorkers() throws IOException {
    try (Stream<Path> list = Files.list(runsRoot)) {
      for (Path dir : list.filter(Files::isDirectory).toList()) {
        RunFiles files = new RunFiles(dir);
        if (!Files.exists(files.pid()) || !Files.exists(files.spec())) {
          continue;
        }
        long pid = Long.parseLong(Files.readString(files.pid()).strip());
        var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isPresent() && SubprocessLauncher.isWorker(process.get(), dir)) {
          RunSpec spec = json.readValue(files.spec().toFile(), RunSpec.class);
          runs.put(
              spec.runId(),
              SubprocessLauncher.adopt(
                  spec.workItemId(), spec.runId(), files, process.get(), Duration.ofSeconds(10)));
          log.info("run {}: adopted its worker process {}", spec.runId(), pid);
        }
      }
    }
  }

  /** Launches into the slot reserved in {@code launching}, and frees it. */
  private void launchInSlot(LaunchRun launch) {
    try {
      LaunchedRun run = launchNow(launch);
      if (run != null) {
        runs.put(launch.runId(), run);
      }
    } finally {
      synchronized (lock) {
        launching.remove(launch.runId());
      }
    }
    changed.run();
  }

  private LaunchedRun launchNow(LaunchRun launch) {
    if (Files.exists(RunFiles.of(runsRoot, launch.runId()).spool())) {
      log.warn(
          "run {} was launched on this agent before; its spool replays instead", launch.runId());
      return null;
    }
    try {
      if (!launch.stages().isEmpty()) {
        return launchStages(launch);
      }
      LoadedCodeLocation location;
      try {
        location = locations.acquire(launch.deployment(), launch.codeLocation());
      } catch (IllegalStateException unavailable) {
        return unstarted.fail(launch, unavailable.getMessage());
      }
      if (launch.codeLocationVersion() != null
          && !launch.codeLocationVersion().equals(location.version())
          && !location.version().equals("local")) {
        log.warn(
            "run {} was created against {} version {} but the agent holds {}; running that",
            launch.runId(),
            launch.codeLocation(),
            launch.codeLocationVersion(),
            location.version());
      }
      LaunchedRun run = launcher.launch(launch, location);
      log.info("run {} launched ({}, {})", launch.runId(), launcher.name(), launch.selection());
      return run;
    } catch (IOException | RuntimeException e) {
      log.error("run {} could not be launched", launch.runId(), e);
      try {
        return unstarted.fail(launch, "the agent could not launch the run: " + e.getMessage());
      } catch (IOException | RuntimeException again) {
        log.error("run {} could not even be failed; its lease will expire", launch.runId(), again);
        return null;
      }
    }
  }

  /**
   * A run across code locations: acquires each stage's location (this agent must hold them all; the
   * run fails naming the one it lacks) and launches the stages as one run.
   */
  private LaunchedRun launchStages(LaunchRun launch) throws IOException {
    List<LoadedCodeLocation> held = new ArrayList<>();
    for (var stage : launch.stages()) {
      try {
        held.add(locations.acquire(launch.deployment(), stage.codeLocation()));
      } catch (IllegalStateException unavailable) {
        held.forEach(LoadedCodeLocation::release);
        return unstarted.fail(
            launch,
            "the run spans code locations "
                + launch.stages().stream().map(s -> s.codeLocation()).toList()
                + ", which one agent runs in turn: "
                + unavailable.getMessage());
      }
    }
    LaunchedRun run = launcher.launchStages(launch, held);
    log.info(
        "run {} launched ({}, {} across {})",
        launch.runId(),
        launcher.name(),
        launch.selection(),
        launch.stages().stream().map(s -> s.codeLocation()).toList());
    return run;
  }

  private static void awaitRun(LaunchedRun run, long deadlineNanos) {
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        run.awaitDone(Duration.ofNanos(left));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
