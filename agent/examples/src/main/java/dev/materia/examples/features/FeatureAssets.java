package dev.materia.examples.features;

import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetCheck;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.CheckResult;
import dev.materia.sdk.DailyPartitions;
import java.time.LocalDate;
import java.util.List;

/**
 * The features pipeline, partitioned by day: {@code daily_features → customer_features →
 * customer_segments}, with a blocking no-nulls check on {@code customer_features}.
 *
 * <pre>{@code
 * Materializer.materialize(new SeedLocation().definitions(), "group:features", "2024-01-15");
 * }</pre>
 */
public final class FeatureAssets {
  private FeatureAssets() {}

  /** Each customer's activity on the partition's day. */
  @Asset(
      group = "features",
      description = "Customer activity per day",
      kinds = "java",
      codeVersion = "1")
  @DailyPartitions(start = "2024-01-01")
  public static List<DailyFeature> dailyFeatures(FeatureSource source, AssetContext context) {
    LocalDate day = context.partitionTimeWindow().start().toLocalDate();
    List<DailyFeature> features = source.forDay(day);
    context.log().info("read " + features.size() + " customers for " + context.partitionKey());
    return features;
  }

  /** Spend and spend per event for each customer on the day. */
  @Asset(
      group = "features",
      description = "Model features per customer and day",
      kinds = "java",
      codeVersion = "1")
  @DailyPartitions(start = "2024-01-01")
  public static List<CustomerFeature> customerFeatures(List<DailyFeature> dailyFeatures) {
    return dailyFeatures.stream()
        .map(
            f ->
                new CustomerFeature(
                    f.customerId(),
                    f.day(),
                    f.spend(),
                    f.events() == 0 ? null : f.spend() / f.events()))
        .toList();
  }

  /** Feeding nulls to the model would corrupt it, so a null stops everything downstream. */
  @AssetCheck(asset = "customer_features", blocking = true, description = "no null features")
  public static CheckResult noNullFeatures(List<CustomerFeature> customerFeatures) {
    long nulls = customerFeatures.stream().filter(f -> f.spendPerEvent() == null).count();
    CheckResult result =
        nulls == 0
            ? CheckResult.pass()
            : CheckResult.fail(nulls + " customers have a null spend_per_event");
    return result.withMetadata("null_count", nulls);
  }

  /** High or low spenders, by spend per event. */
  @Asset(
      group = "features",
      description = "Customer segments per day",
      kinds = "java",
      codeVersion = "1")
  @DailyPartitions(start = "2024-01-01")
  public static List<CustomerSegment> customerSegments(List<CustomerFeature> customerFeatures) {
    return customerFeatures.stream()
        .map(f -> new CustomerSegment(f.customerId(), f.spendPerEvent() >= 20 ? "high" : "low"))
        .toList();
  }
}
