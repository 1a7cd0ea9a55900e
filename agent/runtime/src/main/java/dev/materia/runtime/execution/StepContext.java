package dev.materia.runtime.execution;

import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.runtime.resources.Resources;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.AssetLog;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link AssetContext} of one step attempt. */
final class StepContext implements AssetContext, AssetLog {
  private final String stepKey;
  private final String assetKey;
  private final String partitionKey;
  private final PartitionsDefinition partitions;
  private final PartitionKeys partitionKeys;
  private final String runId;
  private final int attempt;
  private final EventSink events;
  private final Resources resources;
  private final Map<String, Object> metadata = new LinkedHashMap<>();

  StepContext(
      String stepKey,
      String assetKey,
      String partitionKey,
      PartitionsDefinition partitions,
      PartitionKeys partitionKeys,
      String runId,
      int attempt,
      EventSink events,
      Resources resources) {
    this.stepKey = stepKey;
    this.assetKey = assetKey;
    this.partitionKey = partitionKey;
    this.partitions = partitions;
    this.partitionKeys = partitionKeys;
    this.runId = runId;
    this.attempt = attempt;
    this.events = events;
    this.resources = resources;
  }

  @Override
  public String assetKey() {
    return assetKey;
  }

  @Override
  public String partitionKey() {
    if (partitionKey == null) {
      throw new IllegalStateException(
          "Asset \""
              + assetKey
              + "\" is not partitioned, so it has no partition key. Fix: declare partitions on"
              + " it (e.g. @DailyPartitions(start = \"2024-01-01\")), or check"
              + " context.hasPartitionKey() first.");
    }
    return partitionKey;
  }

  @Override
  public boolean hasPartitionKey() {
    return partitionKey != null;
  }

  @Override
  public TimeWindow partitionTimeWindow() {
    String key = partitionKey();
    return partitionKeys
        .timeWindow(partitions, key)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Asset \""
                        + assetKey
                        + "\" has "
                        + partitions.describe()
                        + ", which have no time window. Fix: use partitionKey(), or partition"
                        + " the asset by time (e.g. @DailyPartitions)."));
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public AssetLog log() {
    return this;
  }

  @Override
  public void info(String message) {
    write(LogLevel.INFO, message);
  }

  @Override
  public void warn(String message) {
    write(LogLevel.WARN, message);
  }

  @Override
  public void error(String message) {
    write(LogLevel.ERROR, message);
  }

  private void write(LogLevel level, String message) {
    events.append((run, seq, at) -> new LogLine(run, seq, at, stepKey, level, message));
  }

  @Override
  public synchronized void addMetadata(String key, Object value) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("metadata key is blank: " + key);
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "metadata \"" + key + "\" has a null value: omit the key or use a placeholder");
    }
    metadata.put(key, value);
  }

  synchronized Map<String, Object> metadata() {
    return new LinkedHashMap<>(metadata);
  }

  @Override
  public <T> T resource(String name, Class<T> type) {
    return resources.get(name, type);
  }

  @Override
  public <T> T resource(Class<T> type) {
    return resources.get(type);
  }
}
