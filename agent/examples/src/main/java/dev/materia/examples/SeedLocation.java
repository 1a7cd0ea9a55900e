package dev.materia.examples;

import dev.materia.examples.features.FeatureAssets;
import dev.materia.examples.features.FeatureSource;
import dev.materia.examples.orders.OrderAssets;
import dev.materia.examples.sales.SalesAssets;
import dev.materia.examples.sales.SalesSource;
import dev.materia.sdk.CodeLocation;
import dev.materia.sdk.Definitions;
import dev.materia.sdk.Schedule;

/**
 * The seed pipelines as one code location, named {@code seed}: sales, orders and daily features.
 * Registered in {@code META-INF/services/dev.materia.sdk.CodeLocation}.
 *
 * <pre>{@code
 * ExecutionResult result = Materializer.materialize(new SeedLocation().definitions(), "group:sales", null);
 * }</pre>
 */
public final class SeedLocation implements CodeLocation {
  @Override
  public Definitions definitions() {
    return definitions(
        SalesSource.fromEnvironment(), FeatureSource.generated(42), new GeneratorSettings(42, 12));
  }

  /** The same definitions with other data sources, for tests. */
  public static Definitions definitions(
      SalesSource sales, FeatureSource features, GeneratorSettings generator) {
    return Definitions.builder()
        .assets(SalesAssets.class, OrderAssets.class, FeatureAssets.class)
        .resource("sales_source", sales)
        .resource("feature_source", features)
        .resource("generator", generator)
        .schedule(Schedule.of("nightly_sales", "0 2 * * *", "group:sales"))
        .schedule(Schedule.of("hourly_orders", "15 * * * *", "raw_orders*"))
        .build();
  }
}
