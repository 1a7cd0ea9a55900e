package dev.materia.runtime.execution;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.CheckSeverity;
import dev.materia.api.ErrorInfo;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepFailed;
import dev.materia.api.StepSkipped;
import dev.materia.api.StepStarted;
import dev.materia.api.StepSucceeded;
import dev.materia.api.StepUpForRetry;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.graph.CheckNode;
import dev.materia.runtime.graph.Dependency;
import dev.materia.runtime.graph.RetryPolicy;
import dev.materia.runtime.graph.StepFunction;
import dev.materia.runtime.graph.StepInputs;
import dev.materia.runtime.plan.ExecutionPlan;
import dev.materia.runtime.plan.PlannedInput;
import dev.materia.runtime.plan.Step;
import dev.materia.runtime.plan.StepKind;
import dev.materia.runtime.resources.Resources;
import dev.materia.sdk.CheckResult;
import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.MaterializeResult;
import dev.materia.sdk.OutputContext;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Executes an {@link ExecutionPlan} in-process: each step on its own virtual thread, at most {@code
 * maxConcurrency} at once, in dependency order. Ready steps start in the order they became ready; a
 * step waiting to retry keeps its slot, so retries cannot exceed the limit either.
 *
 * <ul>
 *   <li>A failed step (after its retries) skips every step downstream of it; independent branches
 *       run on.
 *   <li>A failed blocking check fails its step, so the steps downstream of its asset are skipped.
 *   <li>{@link Cancellation#cancel()} starts no further step and interrupts running ones.
 *   <li>Every step attempt emits seq-numbered events; values go through I/O managers.
 * </ul>
 *
 * <p>Bookkeeping happens under one lock, outside of which only user code and I/O run. A worker that
 * finishes a step picks up the next ready one itself, so a chain of steps costs no thread
 * hand-offs; the calling thread only waits for the end.
 *
 * <pre>{@code
 * Engine engine = new Engine(graph, Resources.of(Map.of()), RunOptions.defaults());
 * RunOutcome outcome = engine.execute(plan, new Cancellation());
 * }</pre>
 */
public final class Engine {
  private static final String DEFAULT_IO_MANAGER = "io_manager";
  private static final String CANCELED_BEFORE_START = "run canceled before the step started";

  private final AssetGraph graph;
  private final Resources resources;
  private final RunOptions options;
  private final PartitionKeys partitionKeys;

  public Engine(AssetGraph graph, Resources resources, RunOptions options) {
    this.graph = Objects.requireNonNull(graph, "graph == null");
    this.resources = Objects.requireNonNull(resources, "resources == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.partitionKeys = new PartitionKeys(options.clock(), options.dynamicPartitions());
  }

  /** Runs the plan to the end (or to cancellation) and returns the outcome. */
  public RunOutcome execute(ExecutionPlan plan, Cancellation cancellation) {
    Objects.requireNonNull(plan, "plan == null");
    Objects.requireNonNull(cancellation, "cancellation == null");
    return new Run(plan, cancellation).execute();
  }

  /** The I/O manager that stores and loads an asset's values. */
  IoManager ioManagerFor(AssetNode asset) {
    if (asset.ioManager() != null) {
      return resources.get(asset.ioManager(), IoManager.class);
    }
    return defaultIoManager();
  }

  /** The {@code io_manager} resource, else the options' I/O manager. */
  private IoManager defaultIoManager() {
    if (resources.contains(DEFAULT_IO_MANAGER)
        && resources.get(DEFAULT_IO_MANAGER) instanceof IoManager io) {
      return io;
    }
    return options.ioManager();
  }

  /**
   * The state of one execution, guarded by {@code lock}. Workers are virtual threads: one that
   * finishes a step takes the next waiting step itself, so a chain runs on a single thread without
   * hand-offs, and at most {@code maxConcurrency} workers exist at once.
   */
  private final class Run {
    private final ExecutionPlan plan;
    private final List<Step> steps;
    private final Cancellation cancellation;
    private final String runId = options.runId();
    private final EventSink events;
    private final InMemoryEventSink inMemory;

    /** The step writing each asset partition ({@code key[partition]}), for pinning reads. */
    private final Map<String, Integer> producers = new HashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allFinished = lock.newCondition();
    private final StepStatus[] statuses;
    private final int[] remaining;
    private final ArrayDeque<Integer> waitingForSlot = new ArrayDeque<>();
    private final Map<Integer, Thread> running = new HashMap<>();
    private int active;
    private int finished;
    private final Map<String, Optional<Object>> outputs = new ConcurrentHashMap<>();
    private final List<CheckEvaluated> checkResults =
        Collections.synchronizedList(new ArrayList<>());

    Run(ExecutionPlan plan, Cancellation cancellation) {
      this.plan = plan;
      this.steps = plan.steps();
      this.cancellation = cancellation;
      this.inMemory =
          options.eventSink() == null
              ? new InMemoryEventSink(
                  runId, options.clock(), options.listener(), options.retainEvents())
              : null;
      this.events = inMemory == null ? options.eventSink() : inMemory;
      for (Step step : steps) {
        if (step.kind() == StepKind.ASSET) {
          producers.put(RunOutcome.slot(step.assetKey(), step.partitionKey()), step.index());
        }
      }
      this.statuses = new StepStatus[steps.size()];
      this.remaining = new int[steps.size()];
    }

    RunOutcome execute() {
      long started = System.nanoTime();
      if (!options.stage()) {
        events.append(
            (run, seq, at) ->
                new RunStarted(
                    run, seq, at, plan.selection(), plan.partitionKey(), plan.stepKeys()));
      }
      cancellation.onCancel(this::interruptRunning);
      lock.lock();
      try {
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (Step step : steps) {
          remaining[step.index()] = step.upstream().size() + step.after().size();
          if (remaining[step.index()] == 0) {
            ready.add(step.index());
          }
        }
        resolve(ready);
        startWorkers();
        while (finished < steps.size()) {
          try {
            allFinished.await();
          } catch (InterruptedException e) {
            // The caller's thread was interrupted: cancel, and still wait for the steps to stop.
            lock.unlock();
            try {
              cancellation.cancel();
            } finally {
              lock.lock();
            }
          }
        }
      } finally {
        lock.unlock();
      }
      return finish(started);
    }

    /** Runs steps until none is waiting; each iteration holds the lock only for bookkeeping. */
    private void work(int first) {
      int index = first;
      while (index >= 0) {
        StepStatus status = StepStatus.FAILED;
        try {
          status = runStep(steps.get(index));
        } finally {
          lock.lock();
          try {
            running.remove(index);
            index = complete(index, status);
            if (index >= 0) {
              running.put(index, Thread.currentThread());
            }
          } finally {
            lock.unlock();
          }
        }
        if (index >= 0 && !cancellation.isCanceled()) {
          // A step's stray interrupt must not leak into the next step on this thread.
          Thread.interrupted();
        }
      }
    }

    /** Records a finished step; returns the next step for this worker, or -1 to stop. */
    private int complete(int index, StepStatus status) {
      statuses[index] = status;
      finished++;
      ArrayDeque<Integer> ready = new ArrayDeque<>();
      for (int child : steps.get(index).downstream()) {
        if (--remaining[child] == 0) {
          ready.add(child);
        }
      }
      resolve(ready);
      Integer next = cancellation.isCanceled() ? null : waitingForSlot.poll();
      if (next == null) {
        active--;
      }
      startWorkers();
      if (finished == steps.size()) {
        allFinished.signalAll();
      }
      return next == null ? -1 : next;
    }

    /** Skips ready steps that cannot run and queues the others, in the order they became ready. */
    private void resolve(ArrayDeque<Integer> ready) {
      while (true) {
        while (!ready.isEmpty()) {
          int index = ready.poll();
          String reason = skipReason(steps.get(index));
          if (reason == null) {
            waitingForSlot.add(index);
          } else {
            skip(index, reason, ready);
          }
        }
        if (!cancellation.isCanceled() || waitingForSlot.isEmpty()) {
          return;
        }
        while (!waitingForSlot.isEmpty()) {
          skip(waitingForSlot.poll(), CANCELED_BEFORE_START, ready);
        }
      }
    }

    private void startWorkers() {
      if (cancellation.isCanceled()) {
        resolve(new ArrayDeque<>());
        if (finished == steps.size()) {
          allFinished.signalAll();
        }
        return;
      }
      while (active < options.maxConcurrency() && !waitingForSlot.isEmpty()) {
        int index = waitingForSlot.poll();
        active++;
        Thread worker =
            Thread.ofVirtual().name("materia-step-", index).unstarted(() -> work(index));
        running.put(index, worker);
        worker.start();
      }
    }

    private void skip(int index, String reason, ArrayDeque<Integer> ready) {
      Step step = steps.get(index);
      statuses[index] = StepStatus.SKIPPED;
      finished++;
      events.append((run, seq, at) -> new StepSkipped(run, seq, at, step.key(), reason));
      for (int child : step.downstream()) {
        if (--remaining[child] == 0) {
          ready.add(child);
        }
      }
    }

    private String skipReason(Step step) {
      for (int upstream : step.upstream()) {
        StepStatus status = statuses[upstream];
        if (status != StepStatus.SUCCEEDED) {
          Step cause = steps.get(upstream);
          if (cause.kind() == StepKind.CHECK && status == StepStatus.FAILED) {
            return "blocking check " + cause.key() + " failed";
          }
          return "upstream step "
              + cause.key()
              + (status == StepStatus.FAILED ? " failed" : " was skipped");
        }
      }
      return cancellation.isCanceled() ? CANCELED_BEFORE_START : null;
    }

    private void interruptRunning() {
      lock.lock();
      try {
        running.values().forEach(Thread::interrupt);
        // Nothing runs and nothing will start: wake the caller if only queued steps were left.
        startWorkers();
      } finally {
        lock.unlock();
      }
    }

    private RunOutcome finish(long started) {
      Map<String, StepStatus> byKey = new LinkedHashMap<>();
      // A partition range repeats step keys, one step per partition: key those by partition too.
      boolean repeated = plan.stepKeys().size() < steps.size();
      List<String> failed = new ArrayList<>();
      int skipped = 0;
      for (Step step : steps) {
        byKey.put(
            repeated ? RunOutcome.slot(step.key(), step.partitionKey()) : step.key(),
            statuses[step.index()]);
        if (statuses[step.index()] == StepStatus.FAILED) {
          failed.add(step.key());
        } else if (statuses[step.index()] == StepStatus.SKIPPED) {
          skipped++;
        }
      }
      RunStatus status =
          cancellation.isCanceled()
              ? RunStatus.CANCELED
              : failed.isEmpty() && skipped == 0 ? RunStatus.SUCCESS : RunStatus.FAILURE;
      String message =
          status == RunStatus.SUCCESS
              ? null
              : (status == RunStatus.CANCELED ? "canceled; " : "")
                  + failed.size()
                  + (failed.size() == 1 ? " step failed" : " steps failed")
                  + (failed.isEmpty() ? "" : " " + failed)
                  + ", "
                  + skipped
                  + " skipped";
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      if (!options.stage()) {
        events.append((run, seq, at) -> new RunFinished(run, seq, at, status, millis, message));
      }
      List<RunEvent> retained = inMemory == null ? List.of() : inMemory.events();
      return new RunOutcome(runId, status, byKey, retained, List.copyOf(checkResults), outputs);
    }

    // ---- inside a step's virtual thread ----

    private StepStatus runStep(Step step) {
      AssetNode asset = graph.asset(step.assetKey());
      CheckNode check = step.kind() == StepKind.CHECK ? checkOf(step) : null;
      RetryPolicy policy = check == null ? asset.retryPolicy() : RetryPolicy.NONE;
      Throwable lastError = null;
      for (int attempt = 1; ; attempt++) {
        Throwable error;
        long started = System.nanoTime();
        try {
          if (cancellation.isCanceled()) {
            return stopBeforeAttempt(step, attempt, lastError);
          }
          int thisAttempt = attempt;
          events.append(
              (run, seq, at) ->
                  new StepStarted(
                      run, seq, at, step.key(), step.assetKey(), step.partitionKey(), thisAttempt));
          if (check == null) {
            materialize(step, asset, attempt, started);
          } else {
            evaluate(step, asset, check, attempt);
          }
          long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
          events.append(
              (run, seq, at) -> new StepSucceeded(run, seq, at, step.key(), thisAttempt, millis));
          return StepStatus.SUCCEEDED;
        } catch (Throwable thrown) {
          error = thrown;
        }
        int failedAttempt = attempt;
        Throwable failure = error;
        if (cancellation.isCanceled() || !policy.retries(attempt, error)) {
          events.append(
              (run, seq, at) ->
                  new StepFailed(run, seq, at, step.key(), failedAttempt, ErrorInfo.of(failure)));
          return StepStatus.FAILED;
        }
        Duration delay = policy.delayAfter(attempt);
        events.append(
            (run, seq, at) ->
                new StepUpForRetry(
                    run,
                    seq,
                    at,
                    step.key(),
                    failedAttempt,
                    delay.toMillis(),
                    ErrorInfo.of(failure)));
        lastError = error;
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          return stopBeforeAttempt(step, attempt + 1, lastError);
        }
      }
    }

    /** Cancellation caught the step between attempts: skipped if it never ran, else failed. */
    private StepStatus stopBeforeAttempt(Step step, int attempt, Throwable lastError) {
      if (attempt == 1) {
        events.append(
            (run, seq, at) -> new StepSkipped(run, seq, at, step.key(), CANCELED_BEFORE_START));
        return StepStatus.SKIPPED;
      }
      ErrorInfo error =
          ErrorInfo.of(new IllegalStateException("run canceled while waiting to retry", lastError));
      events.append((run, seq, at) -> new StepFailed(run, seq, at, step.key(), attempt - 1, error));
      return StepStatus.FAILED;
    }

    private CheckNode checkOf(Step step) {
      for (CheckNode check : graph.checksOf(step.assetKey())) {
        if (check.name().equals(step.checkName())) {
          return check;
        }
      }
      throw new IllegalStateException("plan names unknown check " + step.key());
    }

    private void materialize(Step step, AssetNode asset, int attempt, long started)
        throws Exception {
      StepContext context = context(step, asset, attempt);
      Inputs inputs = new Inputs(step, asset.dependencies(), context);
      Object returned = call(asset.function(), inputs);
      Object value = returned;
      Map<String, Object> metadata = new LinkedHashMap<>();
      String dataVersion = null;
      if (returned instanceof MaterializeResult<?> result) {
        value = result.value();
        dataVersion = result.dataVersion();
      }
      long rows = JsonValues.rowCount(value);
      if (rows >= 0) {
        metadata.put("row_count", rows);
      }
      metadata.putAll(context.metadata());
      if (returned instanceof MaterializeResult<?> result) {
        metadata.putAll(result.metadata());
      }
      Map<String, String> inputVersions = inputDataVersions(step, inputs);
      String version =
          dataVersion != null
              ? dataVersion
              : DataVersion.derive(
                  asset.codeVersion(), inputVersions, step.partitionKey(), runId, step.key());
      Map<String, Object> stored =
          ioManagerFor(asset)
              .store(
                  new OutputContext(
                      asset.key(), step.partitionKey(), runId, asset.outputType(), version),
                  value);
      if (stored != null) {
        metadata.putAll(stored);
      }
      metadata.put("duration_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
      String slot = RunOutcome.slot(asset.key(), step.partitionKey());
      options.dataVersions().put(slot, version);
      if (options.retainOutputs()) {
        outputs.put(slot, Optional.ofNullable(value));
      }
      Map<String, Object> normalized = JsonValues.normalize(metadata);
      events.append(
          (run, seq, at) ->
              new AssetMaterialized(
                  run,
                  seq,
                  at,
                  step.key(),
                  asset.key(),
                  step.partitionKey(),
                  version,
                  asset.codeVersion(),
                  inputVersions,
                  normalized));
    }

    private void evaluate(Step step, AssetNode asset, CheckNode check, int attempt)
        throws Exception {
      StepContext context = context(step, asset, attempt);
      Object returned = call(check.function(), new Inputs(step, check.dependencies(), context));
      if (!(returned instanceof CheckResult result)) {
        throw new IllegalStateException(
            "Check "
                + check.origin()
                + " returned "
                + (returned == null ? "null" : returned.getClass().getName())
                + " instead of a CheckResult. Fix: return CheckResult.pass(), fail(reason) or"
                + " of(passed).");
      }
      Map<String, Object> metadata = context.metadata();
      metadata.putAll(result.metadata());
      Map<String, Object> normalized = JsonValues.normalize(metadata);
      CheckEvaluated evaluated =
          events.append(
              (run, seq, at) ->
                  new CheckEvaluated(
                      run,
                      seq,
                      at,
                      step.key(),
                      asset.key(),
                      check.name(),
                      step.partitionKey(),
                      result.passed(),
                      CheckSeverity.valueOf(result.severity().name()),
                      check.blocking(),
                      result.description(),
                      normalized));
      if (evaluated != null) {
        checkResults.add(evaluated);
      }
      if (!result.passed() && check.blocking()) {
        throw new BlockingCheckFailedException(
            "Blocking check "
                + step.key()
                + " failed"
                + (result.description().isEmpty() ? "" : ": " + result.description())
                + "; steps downstream of \""
                + asset.key()
                + "\" are skipped.");
      }
    }

    private StepContext context(Step step, AssetNode asset, int attempt) {
      return new StepContext(
          step.key(),
          asset.key(),
          step.partitionKey(),
          asset.partitions(),
          partitionKeys,
          runId,
          attempt,
          events,
          resources);
    }

    private Object call(StepFunction function, StepInputs inputs) throws Exception {
      return function.apply(inputs);
    }

    /**
     * Staleness inputs: the data version of every partition the step reads. A partition this run
     * produced has the version this run gave it; any other has the version stored with the value
     * the step loaded (or would load), else one an earlier run sharing {@code dataVersions} gave;
     * an I/O manager that keeps no versions leaves it out.
     */
    private Map<String, String> inputDataVersions(Step step, Inputs inputs) throws Exception {
      if (step.inputs().isEmpty()) {
        return Map.of();
      }
      Map<String, String> versions = new HashMap<>();
      inputs.loadedVersions.forEach(
          (slot, version) -> version.ifPresent(v -> versions.put(slot, v)));
      for (PlannedInput input : step.inputs()) {
        if (input.partitionKeys() == null) {
          putVersion(versions, inputs, input.upstreamKey(), null);
        } else {
          for (String key : input.partitionKeys()) {
            putVersion(versions, inputs, input.upstreamKey(), key);
          }
        }
      }
      return versions;
    }

    private void putVersion(
        Map<String, String> versions, Inputs inputs, String upstreamKey, String partitionKey)
        throws Exception {
      String slot = RunOutcome.slot(upstreamKey, partitionKey);
      if (versions.containsKey(slot)) {
        return;
      }
      String version = null;
      if (!producers.containsKey(slot) && !inputs.loadedVersions.containsKey(slot)) {
        // An input the step never loaded: ask its storage what it would have read.
        version =
            storedVersion(
                inputs.ioManagerOf(upstreamKey),
                new InputContext(
                    upstreamKey, partitionKey, null, Object.class, inputs.step.assetKey()));
      }
      if (version == null) {
        version = options.dataVersions().get(slot);
      }
      if (version != null) {
        versions.put(slot, version);
      }
    }

    /** The version stored with the value {@code input} names; null when none or nothing is. */
    private static String storedVersion(IoManager io, InputContext input) throws Exception {
      try {
        return io.dataVersion(input);
      } catch (NoSuchElementException nothingStored) {
        return null;
      }
    }

    /** Loads inputs lazily through the upstream assets' I/O managers. */
    private final class Inputs implements StepInputs {
      private final Step step;
      private final List<Dependency> dependencies;
      private final StepContext context;
      private Map<Integer, PlannedInput> byPosition;

      /** The stored data version of each partition loaded from an earlier run, by slot. */
      private final Map<String, Optional<String>> loadedVersions = new ConcurrentHashMap<>();

      Inputs(Step step, List<Dependency> dependencies, StepContext context) {
        this.step = step;
        this.dependencies = dependencies;
        this.context = context;
      }

      @Override
      public StepContext context() {
        return context;
      }

      @Override
      public Object resource(String name) {
        return resources.get(name);
      }

      @Override
      public Object input(String upstreamKey) throws Exception {
        for (PlannedInput planned : step.inputs()) {
          if (planned.upstreamKey().equals(upstreamKey)) {
            return load(planned);
          }
        }
        throw new IllegalArgumentException(
            "Step "
                + step.key()
                + " has no input \""
                + upstreamKey
                + "\"; its inputs are "
                + step.inputs().stream().map(PlannedInput::upstreamKey).toList());
      }

      @Override
      public Object input(int dependency) throws Exception {
        if (byPosition == null) {
          byPosition = new HashMap<>();
          for (PlannedInput planned : step.inputs()) {
            byPosition.put(planned.dependency(), planned);
          }
        }
        PlannedInput planned = byPosition.get(dependency);
        if (planned == null) {
          throw new IllegalArgumentException(
              "Step " + step.key() + " has no loaded dependency at position " + dependency);
        }
        return load(planned);
      }

      private Object load(PlannedInput planned) throws Exception {
        Dependency dependency = dependencies.get(planned.dependency());
        String upstreamKey = planned.upstreamKey();
        if (graph.isExternal(upstreamKey)) {
          return loadExternal(planned, dependency.type());
        }
        IoManager io = ioManagerOf(upstreamKey);
        if (planned.partitionKeys() == null) {
          return load(io, planned, null, dependency.type());
        }
        if (planned.several()) {
          Type valueType = mapValueType(dependency.type());
          Map<String, Object> values = new LinkedHashMap<>();
          for (String key : planned.partitionKeys()) {
            values.put(key, load(io, planned, key, valueType));
          }
          return values;
        }
        return planned.partitionKeys().isEmpty()
            ? null
            : load(io, planned, planned.partitionKeys().getFirst(), dependency.type());
      }

      /** The I/O manager holding an upstream's values; the default one for another location's. */
      private IoManager ioManagerOf(String upstreamKey) {
        return graph.isExternal(upstreamKey)
            ? defaultIoManager()
            : ioManagerFor(graph.asset(upstreamKey));
      }

      /**
       * Loads an asset of another code location through the default I/O manager: the partition this
       * step runs, else (its partitions being unknown here) the unpartitioned value. An earlier
       * stage of a run across code locations stored it with the same storage.
       */
      private Object loadExternal(PlannedInput planned, Type type) throws Exception {
        IoManager io = defaultIoManager();
        String partitionKey =
            planned.partitionKeys() == null || planned.partitionKeys().isEmpty()
                ? null
                : planned.partitionKeys().getFirst();
        Exception missing;
        try {
          return load(io, planned, partitionKey, type);
        } catch (Exception e) {
          missing = e;
        }
        if (partitionKey != null) {
          try {
            return load(io, planned, null, type);
          } catch (Exception ignored) {
            // Reported below with the partition's own failure.
          }
        }
        throw new IllegalStateException(
            "`"
                + planned.upstreamKey()
                + "` is defined in another code location; materialize it there first (asset "
                + step.assetKey()
                + " reads it through its I/O manager, which has no value of it: "
                + missing.getMessage()
                + ")",
            missing);
      }

      private Object load(IoManager io, PlannedInput planned, String partitionKey, Type type)
          throws Exception {
        // Pin the read to this run's value when this run wrote exactly that partition.
        String producedBy =
            producers.containsKey(RunOutcome.slot(planned.upstreamKey(), partitionKey))
                ? runId
                : null;
        InputContext input =
            new InputContext(
                planned.upstreamKey(), partitionKey, producedBy, type, step.assetKey());
        if (producedBy != null) {
          return io.load(input);
        }
        // Version first: if a new value lands in between, the step records an older version than
        // it read, so it may look stale but never falsely up to date.
        String version = storedVersion(io, input);
        Object value = io.load(input);
        loadedVersions.put(
            RunOutcome.slot(planned.upstreamKey(), partitionKey), Optional.ofNullable(version));
        return value;
      }
    }
  }

  private static Type mapValueType(Type type) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getActualTypeArguments().length == 2) {
      return parameterized.getActualTypeArguments()[1];
    }
    return Object.class;
  }
}
