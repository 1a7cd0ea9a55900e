package dev.materia.sdk;

/**
 * What an asset or check method can ask the runtime while it runs. Declare a parameter of this type
 * to receive it.
 *
 * <pre>{@code
 * @Asset
 * @DailyPartitions(start = "2024-01-01")
 * public static List<Feature> dailyFeatures(AssetContext context) {
 *   TimeWindow window = context.partitionTimeWindow();
 *   context.log().info("computing " + context.assetKey() + " for " + context.partitionKey());
 *   List<Feature> features = FeatureSource.between(window.start(), window.end());
 *   context.addMetadata("source", "feature-store");
 *   return features;
 * }
 * }</pre>
 */
public interface AssetContext {
  /** The key of the asset being materialized, or checked, e.g. {@code sales/raw_orders}. */
  String assetKey();

  /**
   * The partition being materialized, e.g. {@code 2024-01-01}.
   *
   * @throws IllegalStateException when the asset is not partitioned
   */
  String partitionKey();

  /** Whether this step has a partition key. */
  boolean hasPartitionKey();

  /**
   * The time span of the partition being materialized.
   *
   * @throws IllegalStateException when the asset is not partitioned by time (or by a multi
   *     definition with a time dimension)
   */
  TimeWindow partitionTimeWindow();

  /** The id of the run this step belongs to. */
  String runId();

  /** Which attempt this is: 1 first, 2 for the first retry, and so on. */
  int attempt();

  /** Log lines written here become events of the run. */
  AssetLog log();

  /**
   * Adds a metadata entry to this step's materialization (or check result).
   *
   * @throws IllegalArgumentException when the key is blank or the value is null
   */
  void addMetadata(String key, Object value);

  /**
   * The resource registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the registered resources when none has this name, or
   *     when it is not an instance of {@code type}
   */
  <T> T resource(String name, Class<T> type);

  /**
   * The one registered resource that is an instance of {@code type}.
   *
   * @throws IllegalArgumentException when none or several match
   */
  <T> T resource(Class<T> type);
}
