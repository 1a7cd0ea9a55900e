package dev.materia.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.AgentVersion;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.ControlPlaneException;
import dev.materia.agent.client.EgressLedger;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.location.CodeLocations;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.run.InProcessLauncher;
import dev.materia.agent.run.LaunchedRun;
import dev.materia.agent.run.RunFiles;
import dev.materia.agent.run.RunLauncher;
import dev.materia.agent.run.RunSpec;
import dev.materia.agent.run.RunSpools;
import dev.materia.agent.run.SubprocessLauncher;
import dev.materia.agent.run.WorkerSettings;
import dev.materia.agent.spool.BatchLimits;
import dev.materia.agent.spool.EventShipper;
import dev.materia.agent.spool.EventSpool;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.EvaluateSensor;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.api.agent.RunInHand;
import dev.materia.api.agent.TerminateRun;
import dev.materia.api.agent.WorkItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent process: polls the control plane for work, loads code locations, launches runs,
 * heartbeats, replays event spools left by dead workers, and shuts down gracefully.
 *
 * <pre>{@code
 * Agent agent = Agent.create(AgentConfig.load(Path.of("agent.properties"), System.getenv()));
 * agent.start();
 * Runtime.getRuntime().addShutdownHook(new Thread(agent::stop));
 * }</pre>
 *
 * <p>Working directory: {@code agent-id}, {@code locations/} (installed artifacts), {@code runs/}
 * (spools and compute logs per run) and {@code storage/} (asset values of the default I/O manager).
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final Duration FIRST_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

  private final AgentConfig config;
  private final ControlPlaneClient controlPlane;
  private final CodeLocations locations;
  private final RunLauncher launcher;
  private final InProcessLauncher endings;
  private final WorkerSettings settings;
  private final ObjectMapper json;
  private final String agentId;
  private final Path runsRoot;
  private final WorkPoller poller;
  private final Map<String, LaunchedRun> runs = new ConcurrentHashMap<>();

  /** Runs between their launch and their entry in {@link #runs}, which replay must not touch. */
  private final java.util.Set<String> launching = ConcurrentHashMap.newKeySet();

  private final Deque<LaunchRun> queued = new ArrayDeque<>();
  private final List<String> released = new ArrayList<>();
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private final Object heartbeatSignal = new Object();
  private volatile boolean started;
  private volatile boolean stopping;
  private volatile boolean stopped;
  private volatile long lastHeartbeatOkNanos;
  private Thread pollThread;
  private Thread heartbeatThread;
  private Thread housekeepingThread;
  private ProbeServer probes;

  private Agent(AgentConfig config, ControlPlaneClient controlPlane) throws IOException {
    this.config = config;
    this.controlPlane = controlPlane;
    this.json = WireJson.mapper();
    Path workDir = Files.createDirectories(config.workingDir());
    this.agentId = agentId(workDir);
    this.runsRoot = Files.createDirectories(workDir.resolve("runs"));
    this.settings =
        new WorkerSettings(
            BatchLimits.DEFAULT,
            Backoff.DEFAULT,
            Duration.ofSeconds(30),
            workDir.resolve("storage"));
    this.locations =
        new CodeLocations(
            workDir.resolve("locations"), controlPlane, Agent.class.getClassLoader(), json);
    this.endings = new InProcessLauncher(runsRoot, controlPlane, settings, json);
    this.launcher =
        switch (config.launcher()) {
          case IN_PROCESS -> endings;
          case SUBPROCESS ->
              SubprocessLauncher.builder(runsRoot, config.controlPlaneUrl())
                  .caFile(config.caFile())
                  .egressLedger(config.egressLedger())
                  .storage(settings.storage())
                  .build();
        };
    this.poller =
        new WorkPoller(
            controlPlane,
            config.pollWait(),
            Backoff.DEFAULT,
            FIRST_HEARTBEAT_INTERVAL,
            this::tokenRejected);
  }

  /**
   * Builds an agent from its configuration.
   *
   * @throws IOException when the working directory or the CA file cannot be used
   */
  public static Agent create(AgentConfig config) throws IOException {
    Objects.requireNonNull(config, "config == null");
    var client =
        ControlPlaneClient.builder(config.controlPlaneUrl(), config.agentToken())
            .extraCaFile(config.caFile())
            .egressLedger(
                config.egressLedger() == null
                    ? null
                    : new EgressLedger(config.egressLedger(), Clock.systemUTC()));
    return new Agent(config, client.build());
  }

  /** This installation's stable id. */
  public String agentId() {
    return agentId;
  }

  /** The probe endpoint's port, or -1 when there is none. */
  public int probePort() {
    return probes == null ? -1 : probes.port();
  }

  /**
   * Starts polling: restores code locations, loads the configured ones, adopts or seals runs a
   * previous process left, and starts the poll, heartbeat and housekeeping threads.
   */
  public synchronized void start() throws IOException {
    if (started) {
      throw new IllegalStateException("agent " + agentId + " already started");
    }
    log.info("agent {} {} starting: {}", agentId, AgentVersion.VERSION, config);
    if (config.probePort() >= 0) {
      probes = ProbeServer.start(config.probePort(), this::alive, this::readiness);
    }
    locations.restore();
    for (var local : config.codeLocations()) {
      locations.load(
          new LoadCodeLocation(
              "config", local.deployment(), local.name(), "local", local.artifact().toString()));
    }
    adoptLiveWorkers();
    started = true;
    pollThread = Thread.ofVirtual().name("materia-poll").start(this::pollLoop);
    heartbeatThread = Thread.ofVirtual().name("materia-heartbeat").start(this::heartbeatLoop);
    housekeepingThread =
        Thread.ofVirtual().name("materia-housekeeping").start(this::housekeepingLoop);
  }

  /**
   * Starts the agent and blocks until the JVM shuts down (SIGTERM, Ctrl-C), which stops it
   * gracefully: how {@code materia agent} and {@link AgentMain} run it.
   */
  public void runUntilShutdown() throws IOException, InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop();
                  stopped.countDown();
                },
                "materia-agent-stop"));
    start();
    stopped.await();
  }

  /** Stops with the configured grace: see {@link #stop(Duration)}. */
  public void stop() {
    stop(config.shutdownGrace());
  }

  /**
   * Stops gracefully: claims no more work, gives back queued launches, lets runs in hand finish
   * within {@code grace} (in-process runs still going then are canceled; subprocess runs go on and
   * the next agent adopts them), and says goodbye in a last heartbeat.
   */
  public void stop(Duration grace) {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    log.info("agent {} stopping; runs in hand: {}", agentId, runs.keySet());
    interrupt(pollThread);
    join(pollThread);
    synchronized (queued) {
      queued.forEach(l -> released.add(l.id()));
      queued.clear();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (LaunchedRun run : List.copyOf(runs.values())) {
      awaitRun(run, deadline);
    }
    for (LaunchedRun run : List.copyOf(runs.values())) {
      if (!run.isDone() && launcher == endings) {
        run.terminate("the agent is shutting down");
        awaitRun(run, System.nanoTime() + Duration.ofSeconds(10).toNanos());
      }
    }
    interrupt(heartbeatThread);
    interrupt(housekeepingThread);
    join(heartbeatThread);
    join(housekeepingThread);
    if (fatal.get() == null) {
      try {
        controlPlane.heartbeat(heartbeat(true));
      } catch (IOException e) {
        log.warn("last heartbeat failed: {}", e.getMessage());
      }
    }
    if (launcher instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("closing the {} launcher failed: {}", launcher.name(), e.getMessage());
      }
    }
    locations.close();
    if (probes != null) {
      probes.close();
    }
    stopped = true;
    log.info("agent {} stopped", agentId);
  }

  @Override
  public void close() {
    stop();
  }

  /** Why the agent stopped working on its own (a rejected token), or null. */
  public String fatalError() {
    return fatal.get();
  }

  /** Liveness: the agent's threads are running (or it stopped on purpose). */
  public boolean alive() {
    if (!started || stopping) {
      return true;
    }
    return pollThread.isAlive() || fatal.get() != null;
  }

  /** Readiness: null when ready, else why not. */
  public String readiness() {
    if (!started) {
      return "starting";
    }
    if (stopping) {
      return "stopping";
    }
    if (fatal.get() != null) {
      return fatal.get();
    }
    Duration limit = poller.heartbeatInterval().multipliedBy(3).plus(config.pollWait());
    boolean pollsOk = poller.sinceLastSuccess().compareTo(limit) < 0;
    boolean heartbeatsOk =
        Duration.ofNanos(System.nanoTime() - lastHeartbeatOkNanos).compareTo(limit) < 0;
    return pollsOk || heartbeatsOk ? null : "the control plane has not answered for " + limit;
  }

  /** The runs the agent holds, by id. */
  public Map<String, LaunchedRun> runs() {
    return Map.copyOf(runs);
  }

  /** Ids of the launch work items waiting on this agent for a free run slot, oldest first. */
  public List<String> queuedWorkItems() {
    synchronized (queued) {
      return queued.stream().map(LaunchRun::id).toList();
    }
  }

  private void pollLoop() {
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      List<WorkItem> work = poller.poll();
      if (work != null) {
        for (WorkItem item : work) {
          dispatch(item);
        }
      }
      if (poller.tokenRejected()) {
        return;
      }
      poller.pauseBeforeNextPoll();
    }
  }

  /** Acts on one work item; never throws, so one bad item cannot stop the loop. */
  void dispatch(WorkItem item) {
    try {
      switch (item) {
        case LoadCodeLocation load ->
            Thread.ofVirtual()
                .name("materia-load-" + load.name())
                .start(
                    () -> {
                      locations.load(load);
                      wakeHeartbeat();
                    });
        case LaunchRun launch -> launchOrQueue(launch);
        case TerminateRun terminate -> terminate(terminate);
        case EvaluateSensor sensor ->
            log.warn(
                "sensor {} of {}/{}: sensors are not supported by agent {} yet; ignoring {}",
                sensor.sensor(),
                sensor.deployment(),
                sensor.codeLocation(),
                AgentVersion.VERSION,
                sensor.id());
      }
    } catch (RuntimeException e) {
      log.error("work item {} failed to dispatch", item, e);
    }
  }

  private void launchOrQueue(LaunchRun launch) {
    if (runs.containsKey(launch.runId())) {
      log.info(
          "run {} is already in hand; ignoring its repeated launch {}",
          launch.runId(),
          launch.id());
      return;
    }
    if (stopping) {
      synchronized (queued) {
        released.add(launch.id());
      }
      return;
    }
    synchronized (queued) {
      if (runs.size() >= config.maxConcurrentRuns()) {
        log.info("run {} queued on the agent: {} runs in hand", launch.runId(), runs.size());
        queued.add(launch);
        return;
      }
    }
    launch(launch);
  }

  private void launch(LaunchRun launch) {
    launching.add(launch.runId());
    try {
      launchNow(launch);
    } finally {
      launching.remove(launch.runId());
    }
  }

  private void launchNow(LaunchRun launch) {
    if (Files.exists(RunFiles.of(runsRoot, launch.runId()).spool())) {
      log.warn(
          "run {} was launched on this agent before; its spool replays instead", launch.runId());
      return;
    }
    LaunchedRun run;
    try {
      LoadedCodeLocation location;
      try {
        location = locations.acquire(launch.deployment(), launch.codeLocation());
      } catch (IllegalStateException unavailable) {
        run = endings.fail(launch, unavailable.getMessage());
        runs.put(launch.runId(), run);
        return;
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
      run = launcher.launch(launch, location);
      runs.put(launch.runId(), run);
      log.info("run {} launched ({}, {})", launch.runId(), launcher.name(), launch.selection());
    } catch (IOException | RuntimeException e) {
      log.error("run {} could not be launched", launch.runId(), e);
      try {
        runs.put(
            launch.runId(),
            endings.fail(launch, "the agent could not launch the run: " + e.getMessage()));
      } catch (IOException | RuntimeException again) {
        log.error("run {} could not even be failed; its lease will expire", launch.runId(), again);
      }
    }
    wakeHeartbeat();
  }

  private void terminate(TerminateRun terminate) {
    LaunchedRun run = runs.get(terminate.runId());
    if (run != null) {
      log.info("run {} terminating: {}", terminate.runId(), terminate.reason());
      run.terminate(terminate.reason());
      return;
    }
    LaunchRun waiting = null;
    synchronized (queued) {
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
          endings.endBeforeStart(
              waiting, RunStatus.CANCELED, "terminated before it started: " + terminate.reason()));
    } catch (IOException | RuntimeException e) {
      log.error("run {} could not be canceled", waiting.runId(), e);
    }
  }

  private void heartbeatLoop() {
    while (!stopping && fatal.get() == null) {
      try {
        controlPlane.heartbeat(heartbeat(false));
        lastHeartbeatOkNanos = System.nanoTime();
      } catch (ControlPlaneException e) {
        if (e.tokenRejected()) {
          tokenRejected(e);
          return;
        }
        log.warn("heartbeat failed: {}", e.getMessage());
      } catch (IOException e) {
        if (stopping) {
          return;
        }
        log.warn("heartbeat failed: {}", e.getMessage());
      }
      synchronized (heartbeatSignal) {
        try {
          heartbeatSignal.wait(
              Math.max(1, Backoff.jittered(poller.heartbeatInterval(), 0.1).toMillis()));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void wakeHeartbeat() {
    synchronized (heartbeatSignal) {
      heartbeatSignal.notifyAll();
    }
  }

  private AgentHeartbeat heartbeat(boolean last) {
    List<RunInHand> inHand = new ArrayList<>();
    for (LaunchedRun run : runs.values()) {
      inHand.add(new RunInHand(run.runId(), run.workItemId(), run.status(), run.appendedSeq()));
    }
    List<String> givenBack;
    synchronized (queued) {
      givenBack = List.copyOf(released);
    }
    return new AgentHeartbeat(
        agentId, AgentVersion.VERSION, locations.statuses(), inHand, last, givenBack);
  }

  private void housekeepingLoop() {
    while (!stopping) {
      try {
        reapFinishedRuns();
        replaySpools();
        locations.uploadPending();
      } catch (RuntimeException e) {
        log.error("housekeeping failed", e);
      }
      try {
        Thread.sleep(Backoff.jittered(poller.heartbeatInterval(), 0.1));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Drops finished runs, sealing those whose worker died early, and starts queued launches. */
  private void reapFinishedRuns() {
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
    while (!stopping) {
      LaunchRun next;
      synchronized (queued) {
        if (queued.isEmpty() || runs.size() >= config.maxConcurrentRuns()) {
          return;
        }
        next = queued.poll();
      }
      launch(next);
    }
  }

  /**
   * Ships spools no live worker holds, with the agent's token: events a killed worker or a previous
   * agent process left unacknowledged. A spool without its RunFinished is sealed first.
   */
  private void replaySpools() {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(runsRoot)) {
      dirs = list.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      log.warn("cannot list {}: {}", runsRoot, e.getMessage());
      return;
    }
    for (Path dir : dirs) {
      String runId = dir.getFileName().toString();
      RunFiles files = new RunFiles(dir);
      if (runs.containsKey(runId)
          || launching.contains(runId)
          || !EventSpool.exists(files.spool())
          || stopping) {
        continue;
      }
      try {
        RunSpools.seal(
            files,
            "",
            RunStatus.FAILURE,
            "the run's worker stopped before the run finished (the agent or its host restarted)",
            json);
        replay(runId, files);
      } catch (IOException | RuntimeException e) {
        log.warn("run {}: replaying its spool failed: {}", runId, e.getMessage());
      }
    }
  }

  private void replay(String runId, RunFiles files) throws IOException {
    EventSpool spool;
    try {
      spool = EventSpool.open(files.spool(), json);
    } catch (IllegalStateException held) {
      return;
    }
    if (spool.complete()) {
      spool.deleteFiles();
      return;
    }
    log.info(
        "run {}: replaying events {}..{} from its spool",
        runId,
        spool.ackedSeq() + 1,
        spool.appendedSeq());
    EventShipper shipper =
        EventShipper.start(
            runId, spool, controlPlane.events(), settings.batchLimits(), Backoff.DEFAULT, json);
    boolean shipped;
    try {
      shipped = shipper.awaitShipped(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shipped = false;
    }
    shipper.close();
    if (shipped && spool.complete()) {
      spool.deleteFiles();
      log.info("run {}: spool replayed", runId);
    }
  }

  /** Re-attaches to subprocess workers a previous agent process started that still run. */
  private void adoptLiveWorkers() throws IOException {
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

  private void tokenRejected(ControlPlaneException e) {
    String message =
        "the control plane rejected the agent token ("
            + e.getMessage()
            + "): it was revoked or has expired. The agent stopped claiming work; create a new"
            + " agent token and restart the agent with it.";
    if (fatal.compareAndSet(null, message)) {
      log.error(message);
    }
  }

  private void awaitRun(LaunchedRun run, long deadlineNanos) {
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        run.awaitDone(Duration.ofNanos(left));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void interrupt(Thread thread) {
    if (thread != null) {
      thread.interrupt();
    }
  }

  private static void join(Thread thread) {
    if (thread == null) {
      return;
    }
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String agentId(Path workDir) throws IOException {
    Path file = workDir.resolve("agent-id");
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    String id = "agent-" + UUID.randomUUID();
    Files.writeString(file, id);
    return id;
  }

  /** Whether {@link #stop(Duration)} has finished. */
  public boolean isStopped() {
    return stopped;
  }
}
