package dev.materia.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.materia.api.LogLine;
import dev.materia.api.RunStatus;
import dev.materia.examples.features.CustomerFeature;
import dev.materia.examples.features.DailyFeature;
import dev.materia.examples.features.FeatureSource;
import dev.materia.examples.orders.CleanedOrder;
import dev.materia.examples.orders.OrderAssets;
import dev.materia.examples.orders.RegionRevenue;
import dev.materia.examples.sales.CustomerSummary;
import dev.materia.examples.sales.Sale;
import dev.materia.examples.sales.SalesSource;
import dev.materia.runtime.ExecutionResult;
import dev.materia.runtime.Materializer;
import dev.materia.runtime.execution.RunOptions;
import dev.materia.runtime.execution.StepStatus;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.io.FilesystemIoManager;
import dev.materia.runtime.load.CodeLocationLoader;
import dev.materia.runtime.load.DefinitionsLoader;
import dev.materia.sdk.CodeLocation;
import dev.materia.sdk.Definitions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedPipelinesTest {
  private final Definitions seed = new SeedLocation().definitions();

  @Test
  void summarizesSeedSalesPerCustomer() {
    ExecutionResult result = Materializer.materialize(seed, "group:sales", null);

    assertThat(result.success()).isTrue();
    @SuppressWarnings("unchecked")
    List<CustomerSummary> summary = (List<CustomerSummary>) result.output("sales_summary");
    CustomerSummary customer101 =
        summary.stream().filter(s -> s.customerId() == 101).findFirst().orElseThrow();
    assertThat(customer101.sum()).isEqualTo(175.75);
    assertThat(customer101.count()).isEqualTo(2);
    assertThat(customer101.mean()).isEqualTo(87.875);
    assertThat(summary).contains(new CustomerSummary(102, 250.0, 1, 250.0));
    assertThat(result.output("cleaned_sales_data"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .extracting(s -> ((Sale) s).note())
        .anySatisfy(note -> assertThat((String) note).contains(SalesSource.SENTINEL));
    assertThat(result.checkResult("cleaned_sales_data", "positive_amounts").passed()).isTrue();
  }

  @Test
  void theSameSalesKeepTheirDataVersionAndASaleAppendedToTheSalesFileIsNewData(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("sales.csv");
    String previous = System.getProperty("materia.examples.sales-file");
    System.setProperty("materia.examples.sales-file", file.toString());
    try {
      Definitions fromFile = new SeedLocation().definitions();
      String seedOnly = rawVersion(fromFile); // no file yet: the seed sales
      assertThat(rawVersion(fromFile)).isEqualTo(seedOnly);
      assertThat(rawVersion(seed)).isEqualTo(seedOnly);

      java.nio.file.Files.writeString(file, "# orderId,customerId,amount\n4,103,12.5\n");
      ExecutionResult appended = Materializer.materialize(fromFile, "raw_sales_data", null);
      assertThat(appended.output("raw_sales_data"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
          .contains(new Sale(4, 103, 12.5))
          .anySatisfy(s -> assertThat(((Sale) s).note()).contains(SalesSource.SENTINEL));
      assertThat(rawVersion(fromFile)).isNotEqualTo(seedOnly);
    } finally {
      if (previous == null) {
        System.clearProperty("materia.examples.sales-file");
      } else {
        System.setProperty("materia.examples.sales-file", previous);
      }
    }
  }

  private static String rawVersion(Definitions definitions) {
    return Materializer.materialize(definitions, "raw_sales_data", null)
        .materializations()
        .getFirst()
        .dataVersion();
  }

  @Test
  void dropsBadSalesRowsBeforeSummarizing() {
    SalesSource withBadRows =
        () ->
            List.of(
                new Sale(1, 101, 100.5),
                new Sale(2, 102, 250.0),
                new Sale(3, 101, 75.25),
                new Sale(4, 101, -20.0),
                new Sale(5, 101, 0.0),
                new Sale(6, null, 10.0),
                new Sale(7, 102, null));
    Definitions definitions =
        SeedLocation.definitions(
            withBadRows, FeatureSource.generated(1), new GeneratorSettings(1, 1));

    ExecutionResult result =
        Materializer.materialize(definitions, "sales_summary*, +cleaned_sales_data", null);

    assertThat(result.output("cleaned_sales_data"))
        .asList()
        .extracting(s -> ((Sale) s).orderId())
        .containsExactly(1, 2, 3);
    assertThat(result.materializations())
        .filteredOn(m -> m.assetKey().equals("cleaned_sales_data"))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.metadata())
                    .containsEntry("dropped_rows", 4)
                    .containsEntry("row_count", 3));
    assertThat(result.output("sales_summary"))
        .asList()
        .contains(new CustomerSummary(101, 175.75, 2, 87.875));
  }

  @Test
  void computesOrderRevenueAndRevenuePerRegion() {
    ExecutionResult result = Materializer.materialize(seed, "raw_orders*", null);

    assertThat(result.success()).isTrue();
    @SuppressWarnings("unchecked")
    List<CleanedOrder> cleaned = (List<CleanedOrder>) result.output("cleaned_orders");
    assertThat(cleaned).hasSize(12);
    assertThat(cleaned)
        .allSatisfy(
            o -> assertThat(o.revenue()).isCloseTo(o.quantity() * o.unitPrice(), within(1e-9)));
    @SuppressWarnings("unchecked")
    List<RegionRevenue> byRegion = (List<RegionRevenue>) result.output("orders_by_region");
    assertThat(byRegion.stream().mapToLong(RegionRevenue::orders).sum()).isEqualTo(12);
    assertThat(byRegion.stream().mapToDouble(RegionRevenue::revenue).sum())
        .isCloseTo(cleaned.stream().mapToDouble(CleanedOrder::revenue).sum(), within(1e-9));
    for (RegionRevenue region : byRegion) {
      double expected =
          cleaned.stream()
              .filter(o -> o.region().equals(region.region()))
              .mapToDouble(CleanedOrder::revenue)
              .sum();
      assertThat(region.revenue()).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void readsGeneratorSettingsFromTheEnvironment() {
    RunOptions options =
        RunOptions.builder()
            .environment(
                Map.of(
                    "MATERIA_RESOURCE_GENERATOR_ORDERS",
                    "30",
                    "MATERIA_RESOURCE_GENERATOR_SEED",
                    "7"))
            .build();

    ExecutionResult result = Materializer.materialize(seed, "raw_orders", null, options);

    assertThat(result.output("raw_orders")).asList().hasSize(30);
    assertThat(result.events(LogLine.class).getFirst().message())
        .isEqualTo("generated 30 orders with seed 7");
  }

  @Test
  void buildsDailyFeaturesForOnePartitionAndPassesTheNoNullsCheck() {
    ExecutionResult result = Materializer.materialize(seed, "group:features", "2024-01-15");

    assertThat(result.success()).isTrue();
    @SuppressWarnings("unchecked")
    List<DailyFeature> daily = (List<DailyFeature>) result.output("daily_features");
    assertThat(daily)
        .hasSize(5)
        .allSatisfy(f -> assertThat(f.day()).isEqualTo(LocalDate.of(2024, 1, 15)));
    @SuppressWarnings("unchecked")
    List<CustomerFeature> features = (List<CustomerFeature>) result.output("customer_features");
    assertThat(features).allSatisfy(f -> assertThat(f.spendPerEvent()).isNotNull());
    assertThat(result.output("customer_segments")).asList().hasSize(5);
    var check = result.checkResult("customer_features", "no_null_features");
    assertThat(check.passed()).isTrue();
    assertThat(check.blocking()).isTrue();
    assertThat(check.partitionKey()).isEqualTo("2024-01-15");
    assertThat(result.materializations())
        .allSatisfy(m -> assertThat(m.partitionKey()).isEqualTo("2024-01-15"));
  }

  @Test
  void blockingNoNullsCheckStopsSegmentsWhenAFeatureIsNull() {
    FeatureSource idleCustomer =
        day -> List.of(new DailyFeature(101, day, 2, 30.0), new DailyFeature(102, day, 0, 0.0));
    Definitions definitions =
        SeedLocation.definitions(SalesSource.SEED, idleCustomer, new GeneratorSettings(1, 1));

    ExecutionResult result = Materializer.materialize(definitions, "group:features", "2024-02-29");

    assertThat(result.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(result.stepStatus("customer_features")).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(result.stepStatus("customer_features:no_null_features"))
        .isEqualTo(StepStatus.FAILED);
    assertThat(result.stepStatus("customer_segments")).isEqualTo(StepStatus.SKIPPED);
    var check = result.checkResult("customer_features", "no_null_features");
    assertThat(check.passed()).isFalse();
    assertThat(check.description()).isEqualTo("1 customers have a null spend_per_event");
    assertThat(check.metadata()).containsEntry("null_count", 1);
  }

  @Test
  void runsEveryPipelineThroughTheFilesystemIoManager(@TempDir Path storage) {
    RunOptions options = RunOptions.builder().ioManager(new FilesystemIoManager(storage)).build();

    ExecutionResult sales =
        Materializer.materialize(seed, "group:sales, group:orders", null, options);
    ExecutionResult features =
        Materializer.materialize(
            seed,
            "group:features",
            "2024-01-02",
            RunOptions.builder().ioManager(new FilesystemIoManager(storage)).build());

    assertThat(sales.success()).isTrue();
    assertThat(features.success()).isTrue();
    assertThat(sales.output("sales_summary"))
        .asList()
        .contains(new CustomerSummary(101, 175.75, 2, 87.875));
    assertThat(storage.resolve("sales_summary/__unpartitioned__/" + sales.runId() + ".json"))
        .exists();
    assertThat(storage.resolve("customer_segments/2024-01-02/" + features.runId() + ".json"))
        .exists();
  }

  @Test
  void isFoundThroughServiceLoaderAndLoadsAllSeedAssets() {
    CodeLocation location = CodeLocationLoader.single(getClass().getClassLoader());

    assertThat(location).isInstanceOf(SeedLocation.class);
    assertThat(location.name()).isEqualTo("seed");
    AssetGraph graph = DefinitionsLoader.load(location.definitions());
    assertThat(graph.keys())
        .containsExactlyInAnyOrder(
            "raw_sales_data",
            "cleaned_sales_data",
            "sales_summary",
            "raw_orders",
            "cleaned_orders",
            "orders_by_region",
            "daily_features",
            "customer_features",
            "customer_segments");
    assertThat(graph.downstream("raw_sales_data")).containsExactly("cleaned_sales_data");
    assertThat(graph.asset("raw_orders").origin())
        .isEqualTo(OrderAssets.class.getName() + ".rawOrders");
    assertThat(graph.asset("raw_orders").retryPolicy().maxRetries()).isEqualTo(2);
    assertThat(graph.asset("daily_features").partitions().describe())
        .isEqualTo("daily partitions from 2024-01-01 in UTC");
    assertThat(location.definitions().schedules()).hasSize(2);
  }
}
