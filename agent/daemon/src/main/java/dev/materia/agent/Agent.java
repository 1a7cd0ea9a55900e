package dev.materia.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.AgentVersion;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.ControlPlaneException;
import dev.materia.agent.client.EgressLedger;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.location.CodeLocations;
import dev.materia.agent.run.InProcessLauncher;
import dev.materia.agent.run.LaunchedRun;
import dev.materia.agent.run.RunLauncher;
import dev.materia.agent.run.SubprocessLauncher;
import dev.materia.agent.run.UnstartedRuns;
import dev.materia.agent.run.WorkerSettings;
import dev.materia.agent.spool.BatchLimits;
import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.EvaluateSensor;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.api.agent.TerminateRun;
import dev.materia.api.agent.WorkItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent process, assembled from its parts: a {@link Poller} running the {@link WorkPollTask}
 * (work items go to code locations and the {@link RunsInHand}), {@link Heartbeats}, and
 * housekeeping (reaping runs, {@link SpoolReplay} of spools dead workers left, snapshot uploads);
 * it shuts down gracefully.
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
  private final String agentId;
  private final WorkPollTask work;
  private final Poller<List<WorkItem>> poller;
  private final Heartbeats heartbeats;
  private final RunsInHand runs;
  private final SpoolReplay replay;
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private volatile boolean started;
  private volatile boolean stopping;
  private volatile boolean stopped;
  private Thread housekeepingThread;
  private ProbeServer probes;

  private Agent(AgentConfig config, ControlPlaneClient controlPlane) throws IOException {
    this.config = config;
    this.controlPlane = controlPlane;
    ObjectMapper json = WireJson.mapper();
    Path workDir = Files.createDirectories(config.workingDir());
    this.agentId = agentId(workDir);
    Path runsRoot = Files.createDirectories(workDir.resolve("runs"));
    WorkerSettings settings =
        new WorkerSettings(
            BatchLimits.DEFAULT,
            Backoff.DEFAULT,
            Duration.ofSeconds(30),
            workDir.resolve("storage"));
    this.locations =
        new CodeLocations(
            workDir.resolve("locations"), controlPlane, Agent.class.getClassLoader(), json);
    this.launcher =
        switch (config.launcher()) {
          case IN_PROCESS -> new InProcessLauncher(runsRoot, controlPlane, settings, json);
          case SUBPROCESS ->
              SubprocessLauncher.builder(runsRoot, config.controlPlaneUrl())
                  .caFile(config.caFile())
                  .egressLedger(config.egressLedger())
                  .storage(settings.storage())
                  .build();
        };
    this.work = new WorkPollTask(controlPlane, config.pollWait(), FIRST_HEARTBEAT_INTERVAL);
    this.heartbeats =
        new Heartbeats(controlPlane, this::heartbeat, work::heartbeatInterval, this::tokenRejected);
    this.runs =
        new RunsInHand(
            runsRoot,
            config.maxConcurrentRuns(),
            locations,
            launcher,
            new UnstartedRuns(runsRoot, controlPlane, settings, json),
            json,
            heartbeats::wake);
    this.replay =
        new SpoolReplay(runsRoot, controlPlane, settings.batchLimits(), json, runs::holds);
    this.poller =
        new Poller<>(
            "poll for work",
            work,
            items -> items.forEach(this::dispatch),
            Backoff.DEFAULT,
            work::pollInterval,
            this::isTokenRejected);
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
    runs.adoptLiveWorkers();
    started = true;
    poller.start();
    heartbeats.start();
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
    log.info("agent {} stopping; runs in hand: {}", agentId, runs.runs().keySet());
    poller.stop();
    runs.close();
    runs.awaitAll(grace);
    heartbeats.stop();
    if (housekeepingThread != null) {
      housekeepingThread.interrupt();
      try {
        housekeepingThread.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (fatal.get() == null) {
      heartbeats.sendLast();
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
    return poller.isAlive() || fatal.get() != null;
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
    Duration limit = work.heartbeatInterval().multipliedBy(3).plus(config.pollWait());
    boolean pollsOk = poller.sinceLastSuccess().compareTo(limit) < 0;
    boolean heartbeatsOk = heartbeats.sinceLastOk().compareTo(limit) < 0;
    return pollsOk || heartbeatsOk ? null : "the control plane has not answered for " + limit;
  }

  /** The runs the agent holds, by id. */
  public Map<String, LaunchedRun> runs() {
    return runs.runs();
  }

  /** Ids of the launch work items waiting on this agent for a free run slot, oldest first. */
  public List<String> queuedWorkItems() {
    return runs.queuedWorkItems();
  }

  /** Whether {@link #stop(Duration)} has finished. */
  public boolean isStopped() {
    return stopped;
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
                      heartbeats.wake();
                    });
        case LaunchRun launch -> runs.launchOrQueue(launch);
        case TerminateRun terminate -> runs.terminate(terminate);
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

  private AgentHeartbeat heartbeat(boolean last) {
    return new AgentHeartbeat(
        agentId, AgentVersion.VERSION, locations.statuses(), runs.inHand(), last, runs.givenBack());
  }

  /** Drops finished runs and starts queued ones, replays orphaned spools, retries uploads. */
  private void housekeepingLoop() {
    while (!stopping) {
      try {
        runs.reap();
        replay.replayOrphans(() -> stopping);
        locations.uploadPending();
      } catch (RuntimeException e) {
        log.error("housekeeping failed", e);
      }
      try {
        Thread.sleep(Backoff.jittered(work.heartbeatInterval(), 0.1));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean isTokenRejected(Exception e) {
    if (e instanceof ControlPlaneException rejected && rejected.tokenRejected()) {
      tokenRejected(rejected);
      return true;
    }
    return false;
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
    heartbeats.halt();
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
}
