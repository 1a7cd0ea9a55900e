package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.EventIngestion;
import dev.materia.agent.spool.EventShipper;
import dev.materia.agent.spool.EventSpool;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.partitions.InMemoryDynamicPartitionsStore;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.api.selection.Selection;
import dev.materia.runtime.ExecutionResult;
import dev.materia.runtime.Materializer;
import dev.materia.runtime.RunHandle;
import dev.materia.runtime.execution.RunOptions;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.io.FilesystemIoManager;
import dev.materia.runtime.load.DefinitionsLoader;
import dev.materia.sdk.Definitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run with the runtime and ships its events through a durable spool.
 *
 * <pre>{@code
 * RunWorker worker = RunWorker.start(spec, definitions, null, files, controlPlane.events(runToken),
 *     settings, json, files.computeLogsNote(), location.classLoader());
 * worker.cancel("canceled by ada");   // from any thread
 * RunStatus status = worker.await();
 * }</pre>
 *
 * <p>Every run's events begin with {@code RunStarted} and end with {@code RunFinished}, seq 1, 2,
 * 3… with no gap, even when the run fails before the engine starts (unknown location, bad
 * selection, a key outside the partitions): then the worker writes those events itself with the
 * runtime's message. A partition range runs the plan once per key, in order, as one run.
 */
public final class RunWorker {
  private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

  private final RunSpec spec;
  private final RunFiles files;
  private final EventShipper shipper;
  private final Clock clock;
  private final String computeLogsNote;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Object appendLock = new Object();
  private long lastSeq;
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
    this.clock = clock;
    this.computeLogsNote = computeLogsNote;
    this.lastSeq = shipper.spool().lastSeq();
  }

  /**
   * Opens the run's spool and starts executing on a new thread.
   *
   * @param definitions the code location's definitions, or null when it could not load
   * @param loadError why the location could not load, when {@code definitions} is null
   * @param computeLogsNote a line saying where stdout and stderr go, or null when not captured
   * @param contextLoader the code location's class loader, set as the run thread's context loader
   */
  public static RunWorker start(
      RunSpec spec,
      Definitions definitions,
      String loadError,
      RunFiles files,
      EventIngestion ingestion,
      WorkerSettings settings,
      ObjectMapper json,
      String computeLogsNote,
      ClassLoader contextLoader)
      throws IOException {
    return start(
        spec,
        definitions,
        loadError,
        RunStatus.FAILURE,
        files,
        ingestion,
        settings,
        json,
        computeLogsNote,
        contextLoader);
  }

  /** As the other {@code start}, ending a run without definitions with {@code earlyStatus}. */
  static RunWorker start(
      RunSpec spec,
      Definitions definitions,
      String loadError,
      RunStatus earlyStatus,
      RunFiles files,
      EventIngestion ingestion,
      WorkerSettings settings,
      ObjectMapper json,
      String computeLogsNote,
      ClassLoader contextLoader)
      throws IOException {
    Objects.requireNonNull(spec, "spec == null");
    Objects.requireNonNull(files, "files == null");
    Objects.requireNonNull(ingestion, "ingestion == null");
    Objects.requireNonNull(settings, "settings == null");
    if (definitions == null && loadError == null) {
      throw new IllegalArgumentException(
          "run " + spec.runId() + " has neither definitions nor a load error");
    }
    files.create();
    EventSpool spool = EventSpool.open(files.spool(), json);
    if (spool.lastSeq() > 0) {
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
            spec.runId(), spool, ingestion, settings.batchLimits(), settings.backoff(), json);
    RunWorker worker = new RunWorker(spec, files, shipper, Clock.systemUTC(), computeLogsNote);
    worker.earlyStatus = earlyStatus;
    Thread thread =
        Thread.ofPlatform()
            .name("materia-run-" + spec.runId())
            .daemon(false)
            .unstarted(() -> worker.execute(definitions, loadError, settings));
    // User code (and the step threads the engine starts from here) sees its own classes.
    if (contextLoader != null) {
      thread.setContextClassLoader(contextLoader);
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
  public long lastSeq() {
    synchronized (appendLock) {
      return lastSeq;
    }
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
    synchronized (appendLock) {
      // RunStarted comes first; before it, the reason travels in RunFinished instead.
      if (lastSeq > 0) {
        append(log(LogLevel.WARN, "terminate requested: " + cancelReason));
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

  private void execute(Definitions definitions, String loadError, WorkerSettings settings) {
    long started = System.nanoTime();
    try {
      if (definitions == null) {
        failBeforeStart(loadError, started);
      } else {
        executeWith(definitions, settings, started);
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
              lastSeq());
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
    List<String> keys;
    AssetGraph graph;
    try {
      graph = DefinitionsLoader.load(definitions);
      keys = partitionKeys(graph);
    } catch (RuntimeException e) {
      failBeforeStart(e.getMessage(), started);
      return;
    }
    boolean range = spec.partitionRange() != null;
    String rangeText =
        range ? spec.partitionRange().first() + "..." + spec.partitionRange().last() : null;
    ConcurrentHashMap<String, String> dataVersions = new ConcurrentHashMap<>();
    List<RunStatus> outcomes = new ArrayList<>();
    String lastMessage = null;
    for (int i = 0; i < keys.size(); i++) {
      if (canceled) {
        break;
      }
      boolean first = i == 0;
      String key = keys.get(i);
      RunOptions options =
          RunOptions.builder()
              .runId(spec.runId())
              .ioManager(
                  new FilesystemIoManager(
                      settings.storage().resolve(spec.deployment()).resolve(spec.codeLocation())))
              .dataVersions(dataVersions)
              .retainEvents(false)
              .retainOutputs(false)
              .listener(event -> onEngineEvent(event, range, first, rangeText))
              .build();
      RunHandle handle;
      try {
        handle = Materializer.start(definitions, spec.selection(), key, options);
      } catch (RuntimeException e) {
        if (first) {
          failBeforeStart(e.getMessage(), started);
          return;
        }
        append(log(LogLevel.ERROR, "partition " + key + " could not start: " + e.getMessage()));
        outcomes.add(RunStatus.FAILURE);
        continue;
      }
      current = handle;
      status = RunStatus.STARTED;
      if (canceled) {
        handle.cancel();
      }
      ExecutionResult result = awaitResult(handle);
      outcomes.add(result.status());
      lastMessage = result.success() ? lastMessage : result.toString();
    }
    if (range) {
      RunStatus overall =
          canceled
              ? RunStatus.CANCELED
              : outcomes.contains(RunStatus.FAILURE) ? RunStatus.FAILURE : RunStatus.SUCCESS;
      long failed = outcomes.stream().filter(s -> s != RunStatus.SUCCESS).count();
      String message =
          overall == RunStatus.SUCCESS
              ? null
              : overall == RunStatus.CANCELED
                  ? cancelReason
                  : failed + " of " + keys.size() + " partitions did not succeed";
      finishIfOpen(overall, message, started);
    } else if (canceled) {
      finishIfOpen(RunStatus.CANCELED, cancelReason, started);
    }
    if (lastMessage != null) {
      log.info("run {} ended: {}", spec.runId(), lastMessage);
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

  /** The keys to run: one (or none) for a single run, every key of the range otherwise. */
  private List<String> partitionKeys(AssetGraph graph) {
    if (spec.partitionRange() == null) {
      List<String> single = new ArrayList<>(1);
      single.add(spec.partitionKey());
      return single;
    }
    Selection selection = Selection.parse(spec.selection());
    for (String key : selection.resolve(graph)) {
      AssetNode asset = graph.asset(key);
      if (asset.partitions() != null) {
        return new PartitionKeys(Clock.systemUTC(), new InMemoryDynamicPartitionsStore())
            .of(asset.partitions())
            .range(spec.partitionRange().first(), spec.partitionRange().last());
      }
    }
    throw new IllegalArgumentException(
        "partition range "
            + spec.partitionRange().first()
            + "..."
            + spec.partitionRange().last()
            + " was given, but selection \""
            + spec.selection()
            + "\" holds no partitioned asset: launch without a range");
  }

  private void onEngineEvent(RunEvent event, boolean range, boolean first, String rangeText) {
    if (range) {
      if (event instanceof RunStarted started) {
        if (!first) {
          return;
        }
        event =
            new RunStarted(
                started.runId(),
                started.seq(),
                started.timestamp(),
                started.selection(),
                rangeText,
                started.stepKeys());
      } else if (event instanceof RunFinished) {
        return;
      }
    }
    append(event);
    if (event instanceof RunStarted && computeLogsNote != null) {
      append(log(LogLevel.INFO, computeLogsNote));
    }
    if (event instanceof RunFinished finished) {
      status = finished.status();
    }
  }

  /** The events of a run that fails before its plan runs: started, the reason, finished. */
  private void failBeforeStart(String message, long started) {
    String reason = message == null ? "the run could not start" : message;
    synchronized (appendLock) {
      if (lastSeq == 0) {
        append(
            new RunStarted(
                spec.runId(),
                1,
                clock.instant(),
                spec.selection(),
                spec.partitionRange() != null
                    ? spec.partitionRange().first() + "..." + spec.partitionRange().last()
                    : spec.partitionKey(),
                List.of()));
        if (computeLogsNote != null) {
          append(log(LogLevel.INFO, computeLogsNote));
        }
      }
      append(log(LogLevel.ERROR, reason));
    }
    finishIfOpen(canceled ? RunStatus.CANCELED : earlyStatus, reason, started);
  }

  private void finishIfOpen(RunStatus terminal, String message, long startedNanos) {
    synchronized (appendLock) {
      if (shipper.spool().finished()) {
        return;
      }
      if (lastSeq == 0) {
        append(
            new RunStarted(
                spec.runId(),
                1,
                clock.instant(),
                spec.selection(),
                spec.partitionKey(),
                List.of()));
      }
      long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
      append(new RunFinished(spec.runId(), 1, clock.instant(), terminal, millis, message));
      status = terminal;
    }
  }

  private LogLine log(LogLevel level, String message) {
    return new LogLine(spec.runId(), 1, clock.instant(), null, level, message);
  }

  /** Appends at the next seq; the seq the event carries is replaced. */
  private void append(RunEvent event) {
    synchronized (appendLock) {
      if (shipper.spool().finished()) {
        // Nothing follows RunFinished: a late cancel note or engine stray is dropped.
        return;
      }
      try {
        shipper.append(RunEvents.withSeq(event, ++lastSeq));
      } catch (IOException e) {
        lastSeq--;
        throw new UncheckedIOException("run " + spec.runId() + ": cannot spool an event", e);
      }
    }
  }
}
