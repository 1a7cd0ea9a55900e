package dev.materia.runtime.execution;

import dev.materia.api.RunEvent;
import dev.materia.api.partitions.DynamicPartitionsStore;
import dev.materia.api.partitions.InMemoryDynamicPartitionsStore;
import dev.materia.runtime.io.InMemoryIoManager;
import dev.materia.sdk.IoManager;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Settings for one run. Every field has a default suited to in-process use.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder().maxConcurrency(2).ioManager(new FilesystemIoManager(dir)).build();
 * }</pre>
 *
 * @param runId the run's id; a random UUID by default
 * @param maxConcurrency how many steps may run at once (at least 1)
 * @param ioManager the I/O manager for assets that name none, when no resource {@code io_manager}
 *     is registered; a fresh {@link InMemoryIoManager} by default
 * @param environment where {@code MATERIA_RESOURCE_*} variables are read; the process environment
 *     by default
 * @param clock the time source for events and open-ended time partitions
 * @param dynamicPartitions keys of dynamic partitions
 * @param dataVersions latest data version per asset (key, or {@code key[partition]}); pass the same
 *     map to several runs so later runs record the versions earlier runs produced (concurrent,
 *     because parallel steps write it)
 * @param retainOutputs whether the outcome keeps each produced value (tests read them)
 * @param retainEvents whether the outcome keeps the events (the agent streams them instead)
 * @param listener receives each event as it is appended, in seq order, while the event sink is
 *     locked: it must return quickly (hand off to a queue or spool) and must not call back into the
 *     run
 * @param eventSink where the run's events go, numbered there once; null (the default) for an {@link
 *     InMemoryEventSink} feeding {@code listener} and, with {@code retainEvents}, the outcome. The
 *     agent passes its spool-backed sink, which it also appends its own events to
 * @param stage whether this execution is one stage of a run across code locations: the engine then
 *     writes no {@code run_started} and no {@code run_finished}, which the caller writes once for
 *     the whole run; false by default
 */
public record RunOptions(
    String runId,
    int maxConcurrency,
    IoManager ioManager,
    Map<String, String> environment,
    Clock clock,
    DynamicPartitionsStore dynamicPartitions,
    ConcurrentMap<String, String> dataVersions,
    boolean retainOutputs,
    boolean retainEvents,
    Consumer<RunEvent> listener,
    EventSink eventSink,
    boolean stage) {

  public RunOptions {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank: " + runId);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1 but was " + maxConcurrency);
    }
    Objects.requireNonNull(ioManager, "ioManager == null");
    Objects.requireNonNull(environment, "environment == null");
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(dynamicPartitions, "dynamicPartitions == null");
    Objects.requireNonNull(dataVersions, "dataVersions == null");
    Objects.requireNonNull(listener, "listener == null");
  }

  /** Defaults: random run id, concurrency = max(4, cores), in-memory I/O, process environment. */
  public static RunOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Fills in defaults for whatever is not set. */
  public static final class Builder {
    private String runId;
    private int maxConcurrency = Math.max(4, Runtime.getRuntime().availableProcessors());
    private IoManager ioManager;
    private Map<String, String> environment;
    private Clock clock = Clock.systemUTC();
    private DynamicPartitionsStore dynamicPartitions;
    private ConcurrentMap<String, String> dataVersions;
    private boolean retainOutputs = true;
    private boolean retainEvents = true;
    private Consumer<RunEvent> listener = event -> {};
    private EventSink eventSink;
    private boolean stage;

    private Builder() {}

    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    public Builder ioManager(IoManager ioManager) {
      this.ioManager = ioManager;
      return this;
    }

    public Builder environment(Map<String, String> environment) {
      this.environment = environment;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder dynamicPartitions(DynamicPartitionsStore dynamicPartitions) {
      this.dynamicPartitions = dynamicPartitions;
      return this;
    }

    public Builder dataVersions(ConcurrentMap<String, String> dataVersions) {
      this.dataVersions = dataVersions;
      return this;
    }

    public Builder retainOutputs(boolean retainOutputs) {
      this.retainOutputs = retainOutputs;
      return this;
    }

    public Builder retainEvents(boolean retainEvents) {
      this.retainEvents = retainEvents;
      return this;
    }

    public Builder listener(Consumer<RunEvent> listener) {
      this.listener = listener;
      return this;
    }

    public Builder eventSink(EventSink eventSink) {
      this.eventSink = eventSink;
      return this;
    }

    public Builder stage(boolean stage) {
      this.stage = stage;
      return this;
    }

    public RunOptions build() {
      return new RunOptions(
          runId == null ? UUID.randomUUID().toString() : runId,
          maxConcurrency,
          ioManager == null ? new InMemoryIoManager() : ioManager,
          environment == null ? System.getenv() : environment,
          clock,
          dynamicPartitions == null ? new InMemoryDynamicPartitionsStore() : dynamicPartitions,
          dataVersions == null ? new ConcurrentHashMap<>() : dataVersions,
          retainOutputs,
          retainEvents,
          listener,
          eventSink,
          stage);
    }
  }
}
