package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.EventBatchSender;
import dev.materia.agent.spool.EventShipper;
import dev.materia.agent.spool.EventSpool;
import dev.materia.agent.spool.SpoolEventSink;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepSkipped;
import dev.materia.runtime.ExecutionResult;
import dev.materia.runtime.Materializer;
import dev.materia.runtime.RunHandle;
import dev.materia.runtime.execution.RunOptions;
import dev.materia.sdk.Definitions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run with the runtime and ships its events through a durable spool.
 *
 * <pre>{@code
 * RunWorker worker = RunWorker.start(spec,
 *     List.of(new RunWorker.StageCode(location.definitions(), location.classLoader())), null, files,
 *     controlPlane.events(runToken), settings, json, files.computeLogsNote());
 * worker.cancel("canceled by ada");   // from any thread
 * RunStatus status = worker.await();
 * }</pre>
 *
 * <p>Every run's events begin with {@code RunStarted} and end with {@code RunFinished}, seq 1, 2,
 * 3… with no gap, even when the run fails before the engine starts (unknown location, bad
 * selection, a key outside the partitions): then the worker writes those events itself with the
 * runtime's message. A partition range is one engine execution, so one run.
 *
 * <p>Each seq is assigned once, where the event is made: the engine and the worker append through
 * one {@link SpoolEventSink}, which numbers after what the spool holds.
 */
public final class RunWorker {
  private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

  private final RunSpec spec;
  private final RunFiles files;
  private final EventShipper shipper;
  private final SpoolEventSink events;
  private final String computeLogsNote;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean canceled;
  private volatile String cancelReason;
  private volatile RunHandle current;
  private volatile RunStatus status = RunStatus.STARTING;

  /** How a run without definitions ends: FAILURE, or CANCELED when terminated before launch. */
  private volatile RunStatus earlyStatus = RunStatus.FAILURE;

  private RunWorker(
      RunSpec spec, RunFiles files, EventShipper shipper, Clock clock, String computeLogsNote) {
    this.spec = spec;
    this.files = files;
    this.shipper = shipper;
    this.computeLogsNote = computeLogsNote;
    this.events =
        new SpoolEventSink(spec.runId(), clock, shipper.spool(), shipper::append, this::appended);
  }

  /**
   * One loaded code location of a run: a run of one location has one, a run across code locations
   * one for each of {@code spec.stages()}.
   *
   * @param classLoader the location's class loader, the run thread's context loader in its stage
   */
  public record StageCode(Definitions definitions, ClassLoader classLoader) {
    public StageCode {
      Objects.requireNonNull(definitions, "definitions == null");
    }
  }

  /**
   * Opens the run's spool and starts executing on a new thread. A run across code locations runs
   * each of {@code spec.stages()} in turn with its {@code code} entry, as one run (one {@code
   * run_started} naming every step, one {@code run_finished}, seqs continuous); values pass between
   * stages through the agent's storage.
   *
   * @param code the loaded code location, or each stage's in the order of {@code spec.stages()};
   *     null when a location could not load
   * @param loadError why a location could not load, when {@code code} is null
   * @param computeLogsNote a line saying where stdout and stderr go, or null when not captured
   */
  public static RunWorker start(
      RunSpec spec,
      List<StageCode> code,
      String loadError,
      RunFiles files,
      EventBatchSender sender,
      WorkerSettings settings,
      ObjectMapper json,
      String computeLogsNote)
      throws IOException {
    return start(
        spec, code, loadError, RunStatus.FAILURE, files, sender, settings, json, computeLogsNote);
  }

  /** As the other {@code start}, ending a run without definitions with {@code earlyStatus}. */
  static RunWorker start(
      RunSpec spec,
      List<StageCode> code,
      String loadError,
      RunStatus earlyStatus,
      RunFiles files,
      EventBatchSender sender,
      WorkerSettings settings,
      ObjectMapper json,
      String computeLogsNote)
      throws IOException {
    Objects.requireNonNull(spec, "spec == null");
    Objects.requireNonNull(files, "files == null");
    Objects.requireNonNull(sender, "sender == null");
    Objects.requireNonNull(settings, "settings == null");
    if (code == null && loadError == null) {
      throw new IllegalArgumentException(
          "run " + spec.runId() + " has neither definitions nor a load error");
    }
    int locations = spec.staged() ? spec.stages().size() : 1;
    if (code != null && code.size() != locations) {
      throw new IllegalArgumentException(
          "run "
              + spec.runId()
              + " has "
              + locations
              + " code locations but "
              + code.size()
              + " loaded");
    }
    files.create();
    EventSpool spool = EventSpool.open(files.spool(), json);
    if (spool.appendedSeq() > 0) {
      spool.close();
      throw new IllegalStateException(
          "run "
              + spec.runId()
              + " already has events in "
              + files.spool()
              + "; it was launched before");
    }
    EventShipper shipper =
        EventShipper.start(
            spec.runId(), spool, sender, settings.batchLimits(), settings.backoff(), json);
    RunWorker worker = new RunWorker(spec, files, shipper, Clock.systemUTC(), computeLogsNote);
    worker.earlyStatus = earlyStatus;
    Thread thread =
        Thread.ofPlatform()
            .name("materia-run-" + spec.runId())
            .daemon(false)
            .unstarted(() -> worker.execute(code, loadError, settings));
    // User code (and the step threads the engine starts from here) sees its own classes.
    if (code != null && code.getFirst().classLoader() != null) {
      thread.setContextClassLoader(code.getFirst().classLoader());
    }
    thread.start();
    return worker;
  }

  /** The run's id. */
  public String runId() {
    return spec.runId();
  }

  /** STARTING, STARTED, then the terminal status. */
  public RunStatus status() {
    return status;
  }

  /** The highest seq produced so far. */
  public long appendedSeq() {
    return events.appendedSeq();
  }

  /** Whether the run and its final flush are over. */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /** Cancels the run: no step starts anymore, running steps are interrupted; ends CANCELED. */
  public void cancel(String reason) {
    if (canceled) {
      return;
    }
    cancelReason = reason == null || reason.isBlank() ? "terminated" : reason;
    canceled = true;
    synchronized (events) {
      // RunStarted comes first; before it, the reason travels in RunFinished instead.
      if (events.appendedSeq() > 0) {
        log(LogLevel.WARN, "terminate requested: " + cancelReason);
      }
    }
    RunHandle handle = current;
    if (handle != null) {
      handle.cancel();
    }
  }

  /** Waits for the run to end and its events to be shipped or spooled; returns its status. */
  public RunStatus await() throws InterruptedException {
    done.await();
    return status;
  }

  /** As {@link #await()}, giving up after {@code timeout}; null when still running. */
  public RunStatus await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS) ? status : null;
  }

  private void execute(List<StageCode> code, String loadError, WorkerSettings settings) {
    long started = System.nanoTime();
    try {
      if (code == null) {
        failBeforeStart(loadError, started);
      } else if (spec.staged()) {
        executeStages(code, settings, started);
      } else {
        executeWith(code.getFirst().definitions(), settings, started);
      }
    } catch (RuntimeException | Error e) {
      log.error("run {} failed in the worker", spec.runId(), e);
      finishIfOpen(RunStatus.FAILURE, "the run worker failed: " + e, started);
    } finally {
      try {
        Files.writeString(files.result(), status.name());
      } catch (IOException e) {
        log.warn("run {}: cannot write its result file: {}", spec.runId(), e.getMessage());
      }
      try {
        if (!shipper.awaitShipped(settings.flushTimeout())) {
          log.warn(
              "run {}: events up to seq {} stay in the spool until the control plane takes them",
              spec.runId(),
              appendedSeq());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean complete = shipper.spool().complete();
      try {
        shipper.close();
        if (complete) {
          shipper.spool().deleteFiles();
        }
      } catch (IOException e) {
        log.warn("run {}: cannot close the spool: {}", spec.runId(), e.getMessage());
      }
      done.countDown();
    }
  }

  private void executeWith(Definitions definitions, WorkerSettings settings, long started) {
    RunOptions options = options(settings, spec.codeLocation(), false);
    RunHandle handle;
    try {
      handle = startEngine(definitions, spec.selection(), options);
    } catch (RuntimeException e) {
      failBeforeStart(e.getMessage(), started);
      return;
    }
    current = handle;
    status = RunStatus.STARTED;
    if (canceled) {
      handle.cancel();
    }
    ExecutionResult result = awaitResult(handle);
    if (canceled) {
      finishIfOpen(RunStatus.CANCELED, cancelReason, started);
    }
    if (!result.success()) {
      log.info("run {} ended: {}", spec.runId(), result);
    }
  }

  /**
   * The engine's options for one code location's part: its values in the agent's storage (which
   * reads other locations' values too), its events into the run's spool.
   */
  private RunOptions options(WorkerSettings settings, String codeLocation, boolean stage) {
    return RunOptions.builder()
        .runId(spec.runId())
        .ioManager(
            new DeploymentStorage(settings.storage().resolve(spec.deployment()), codeLocation))
        .retainEvents(false)
        .retainOutputs(false)
        .eventSink(events)
        .stage(stage)
        .build();
  }

  /** Starts the engine on the run's partition key or range. */
  private RunHandle startEngine(Definitions definitions, String selection, RunOptions options) {
    return spec.partitionRange() == null
        ? Materializer.start(definitions, selection, spec.partitionKey(), options)
        : Materializer.startRange(definitions, selection, spec.partitionRange(), options);
  }

  /**
   * A run across code locations: plans every stage first (so a mistake fails the run before any
   * step and {@code run_started} names every step), then runs each stage on its location's class
   * loader; a stage that does not succeed skips the stages after it.
   */
  private void executeStages(List<StageCode> code, WorkerSettings settings, long started) {
    List<RunOptions> options = new java.util.ArrayList<>();
    List<List<String>> stepsByStage = new java.util.ArrayList<>();
    List<String> allSteps = new java.util.ArrayList<>();
    for (int i = 0; i < code.size(); i++) {
      RunSpec.Stage stage = spec.stages().get(i);
      RunOptions stageOptions = options(settings, stage.codeLocation(), true);
      try {
        List<String> steps =
            Materializer.plannedSteps(
                code.get(i).definitions(),
                stage.selection(),
                spec.partitionKey(),
                spec.partitionRange(),
                stageOptions);
        stepsByStage.add(steps);
        allSteps.addAll(steps);
      } catch (RuntimeException e) {
        failBeforeStart(
            "the part of code location " + stage.codeLocation() + " cannot run: " + e.getMessage(),
            started);
        return;
      }
      options.add(stageOptions);
    }
    synchronized (events) {
      if (events.appendedSeq() == 0) {
        List<String> announced = List.copyOf(new java.util.LinkedHashSet<>(allSteps));
        events.append(
            (run, seq, at) ->
                new RunStarted(run, seq, at, spec.selection(), partition(), announced));
      }
    }
    status = RunStatus.STARTED;
    RunStatus outcome = RunStatus.SUCCESS;
    String message = null;
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try {
      for (int i = 0; i < code.size(); i++) {
        RunSpec.Stage stage = spec.stages().get(i);
        if (outcome != RunStatus.SUCCESS || canceled) {
          if (canceled && outcome == RunStatus.SUCCESS) {
            outcome = RunStatus.CANCELED;
            message = cancelReason;
          }
          skip(stepsByStage.get(i), message);
          continue;
        }
        if (code.get(i).classLoader() != null) {
          thread.setContextClassLoader(code.get(i).classLoader());
        }
        RunHandle handle;
        try {
          handle = startEngine(code.get(i).definitions(), stage.selection(), options.get(i));
        } catch (RuntimeException e) {
          outcome = RunStatus.FAILURE;
          message = "the part of code location " + stage.codeLocation() + " failed: " + e;
          log(LogLevel.ERROR, message);
          skip(stepsByStage.get(i), message);
          continue;
        }
        current = handle;
        if (canceled) {
          handle.cancel();
        }
        ExecutionResult result = awaitResult(handle);
        if (!result.success()) {
          outcome = canceled ? RunStatus.CANCELED : result.status();
          message =
              canceled
                  ? cancelReason
                  : "the part of code location "
                      + stage.codeLocation()
                      + " ended "
                      + result.status()
                      + " "
                      + result.stepStatuses();
        }
      }
    } finally {
      thread.setContextClassLoader(original);
    }
    finishIfOpen(outcome, message, started);
  }

  /** Skips the steps of a stage that does not run, because one before it did not succeed. */
  private void skip(List<String> steps, String because) {
    String reason =
        "an earlier code location's part of the run did not succeed"
            + (because == null ? "" : " (" + because + ")");
    for (String step : new java.util.LinkedHashSet<>(steps)) {
      events.append((run, seq, at) -> new StepSkipped(run, seq, at, step, reason));
    }
  }

  private ExecutionResult awaitResult(RunHandle handle) {
    while (true) {
      try {
        return handle.await(Duration.ofDays(365));
      } catch (TimeoutException e) {
        // A year: keep waiting.
      } catch (InterruptedException e) {
        // Interrupting the worker thread means stop the run, not abandon it.
        handle.cancel();
      }
    }
  }

  /** After each event is in the spool: where compute logs are, and the run's final status. */
  private void appended(RunEvent event) {
    if (event instanceof RunStarted && computeLogsNote != null) {
      log(LogLevel.INFO, computeLogsNote);
    }
    if (event instanceof RunFinished finished) {
      status = finished.status();
    }
  }

  /** The events of a run that fails before its plan runs: started, the reason, finished. */
  private void failBeforeStart(String message, long started) {
    String reason = message == null ? "the run could not start" : message;
    synchronized (events) {
      startIfNotStarted(partition());
      log(LogLevel.ERROR, reason);
    }
    finishIfOpen(canceled ? RunStatus.CANCELED : earlyStatus, reason, started);
  }

  /** The run's partition key, or its range as {@code first...last}. */
  private String partition() {
    return spec.partitionRange() != null
        ? spec.partitionRange().first() + "..." + spec.partitionRange().last()
        : spec.partitionKey();
  }

  private void finishIfOpen(RunStatus terminal, String message, long startedNanos) {
    synchronized (events) {
      if (events.finished()) {
        return;
      }
      startIfNotStarted(spec.partitionKey());
      long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
      events.append((run, seq, at) -> new RunFinished(run, seq, at, terminal, millis, message));
      status = terminal;
    }
  }

  private void startIfNotStarted(String partitionKey) {
    if (events.appendedSeq() == 0) {
      events.append(
          (run, seq, at) ->
              new RunStarted(run, seq, at, spec.selection(), partitionKey, List.of()));
    }
  }

  private void log(LogLevel level, String message) {
    events.append((run, seq, at) -> new LogLine(run, seq, at, null, level, message));
  }
}
