package dev.materia.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.materia.api.AssetMaterialized;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepStarted;
import dev.materia.api.StepSucceeded;
import dev.materia.api.agent.PartitionRange;
import dev.materia.runtime.execution.RunOptions;
import dev.materia.runtime.execution.StepStatus;
import dev.materia.runtime.io.FilesystemIoManager;
import dev.materia.runtime.io.InMemoryIoManager;
import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetCheck;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.CheckResult;
import dev.materia.sdk.DailyPartitions;
import dev.materia.sdk.Definitions;
import dev.materia.sdk.In;
import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.MapPartitions;
import dev.materia.sdk.MaterializeResult;
import dev.materia.sdk.NamedPartitions;
import dev.materia.sdk.OutputContext;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.Resource;
import dev.materia.sdk.Severity;
import dev.materia.sdk.TimeWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializerTest {

  public record Greeting(String prefix) {}

  public record Order(int id, double amount) {}

  /** Static assets with a context, a resource by type and a resource by name. */
  public static final class Orders {
    @Asset(group = "sales", codeVersion = "1", tags = "tier=gold")
    public static List<Order> rawOrders(AssetContext context) {
      context.log().info("generating orders");
      return List.of(new Order(1, 10.0), new Order(2, -1.0), new Order(3, 5.5));
    }

    @Asset(group = "sales", codeVersion = "2")
    public static MaterializeResult<List<Order>> validOrders(List<Order> rawOrders) {
      List<Order> kept = rawOrders.stream().filter(o -> o.amount() > 0).toList();
      return MaterializeResult.of(kept).withMetadata("dropped", rawOrders.size() - kept.size());
    }

    @Asset(key = "reports/total")
    public static String total(@In("valid_orders") List<Order> orders, Greeting greeting) {
      return greeting.prefix() + orders.stream().mapToDouble(Order::amount).sum();
    }

    @Asset(key = "reports/shout")
    public static String shout(String total, @Resource("suffix") String suffix) {
      return total.toUpperCase() + suffix;
    }

    @AssetCheck(asset = "valid_orders")
    public static CheckResult allPositive(List<Order> validOrders) {
      return CheckResult.of(validOrders.stream().allMatch(o -> o.amount() > 0))
          .withMetadata("rows", validOrders.size());
    }

    @AssetCheck(asset = "raw_orders", name = "few_rows")
    public static CheckResult fewRows(List<Order> rawOrders) {
      return CheckResult.fail("3 rows is few").withSeverity(Severity.WARN);
    }
  }

  private static Definitions orders() {
    return Definitions.builder()
        .assets(Orders.class)
        .resource("greeting", new Greeting("total="))
        .resource("suffix", "!")
        .build();
  }

  @Test
  void runsAllAssetsInDependencyOrderAndReturnsOutputs() {
    ExecutionResult result = Materializer.materialize(orders(), "*", null);

    assertThat(result.success()).isTrue();
    assertThat(result.output("valid_orders"))
        .isEqualTo(List.of(new Order(1, 10.0), new Order(3, 5.5)));
    assertThat(result.output("reports/total")).isEqualTo("total=15.5");
    assertThat(result.output("reports/shout", String.class)).isEqualTo("TOTAL=15.5!");
    List<String> started =
        result.events(StepStarted.class).stream().map(StepStarted::stepKey).toList();
    assertThat(started.indexOf("raw_orders")).isLessThan(started.indexOf("valid_orders"));
    assertThat(started.indexOf("valid_orders")).isLessThan(started.indexOf("reports/total"));
    assertThat(started.indexOf("reports/total")).isLessThan(started.indexOf("reports/shout"));
  }

  @Test
  void numbersEventsFromOneWithoutGapsBetweenRunStartedAndRunFinished() {
    ExecutionResult result = Materializer.materialize(orders(), "*", null);

    List<RunEvent> events = result.events();
    assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
    assertThat(events.getLast())
        .isInstanceOfSatisfying(
            RunFinished.class, f -> assertThat(f.status()).isEqualTo(RunStatus.SUCCESS));
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isEqualTo(i + 1);
      assertThat(events.get(i).runId()).isEqualTo(result.runId());
    }
    assertThat(result.events(StepSucceeded.class)).hasSize(6);
  }

  @Test
  void recordsMetadataRowCountDurationAndStalenessInputs() {
    ExecutionResult result = Materializer.materialize(orders(), "*", null);

    AssetMaterialized raw = materialization(result, "raw_orders");
    AssetMaterialized valid = materialization(result, "valid_orders");
    assertThat(raw.metadata()).containsEntry("row_count", 3).containsKey("duration_ms");
    assertThat(valid.metadata()).containsEntry("row_count", 2).containsEntry("dropped", 1);
    assertThat(valid.codeVersion()).isEqualTo("2");
    assertThat(valid.inputDataVersions()).containsEntry("raw_orders", raw.dataVersion());
    assertThat(materialization(result, "reports/total").codeVersion()).isNull();
  }

  @Test
  void derivesTheSameDataVersionFromTheSameCodeAndInputs() {
    ConcurrentHashMap<String, String> versions = new ConcurrentHashMap<>();
    RunOptions first = RunOptions.builder().dataVersions(versions).build();
    RunOptions second = RunOptions.builder().dataVersions(versions).build();

    String before =
        materialization(Materializer.materialize(orders(), "*", null, first), "valid_orders")
            .dataVersion();
    String after =
        materialization(Materializer.materialize(orders(), "*", null, second), "valid_orders")
            .dataVersion();

    assertThat(after).isEqualTo(before);
  }

  @Test
  void recordsTheDataVersionOfAnInputAnEarlierRunStoredInTheFilesystem(@TempDir Path storage) {
    String raw =
        materialization(
                Materializer.materialize(
                    orders(),
                    "raw_orders",
                    null,
                    RunOptions.builder().ioManager(new FilesystemIoManager(storage)).build()),
                "raw_orders")
            .dataVersion();

    ExecutionResult valid =
        Materializer.materialize(
            orders(),
            "valid_orders",
            null,
            RunOptions.builder().ioManager(new FilesystemIoManager(storage)).build());

    assertThat(materialization(valid, "valid_orders").inputDataVersions())
        .containsExactly(Map.entry("raw_orders", raw));
  }

  @Test
  void recordsTheDataVersionOfAnInputAnEarlierRunStoredInMemory() {
    InMemoryIoManager store = new InMemoryIoManager();
    String raw =
        materialization(
                Materializer.materialize(
                    orders(), "raw_orders", null, RunOptions.builder().ioManager(store).build()),
                "raw_orders")
            .dataVersion();

    ExecutionResult valid =
        Materializer.materialize(
            orders(), "valid_orders", null, RunOptions.builder().ioManager(store).build());

    assertThat(materialization(valid, "valid_orders").inputDataVersions())
        .containsExactly(Map.entry("raw_orders", raw));
  }

  @Test
  void recordsNoInputDataVersionWhenTheIoManagerKnowsNone() {
    InMemoryIoManager memory = new InMemoryIoManager();
    IoManager withoutVersions =
        new IoManager() {
          @Override
          public Map<String, Object> store(OutputContext output, Object value) {
            return memory.store(output, value);
          }

          @Override
          public Object load(InputContext input) {
            return memory.load(input);
          }
        };
    Materializer.materialize(
        orders(), "raw_orders", null, RunOptions.builder().ioManager(withoutVersions).build());

    ExecutionResult valid =
        Materializer.materialize(
            orders(),
            "valid_orders",
            null,
            RunOptions.builder().ioManager(withoutVersions).build());

    assertThat(valid.success()).isTrue();
    assertThat(materialization(valid, "valid_orders").inputDataVersions()).isEmpty();
  }

  @Test
  void turnsContextLogLinesIntoEventsOfTheStep() {
    ExecutionResult result = Materializer.materialize(orders(), "raw_orders", null);

    assertThat(result.events(LogLine.class))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.stepKey()).isEqualTo("raw_orders");
              assertThat(line.message()).isEqualTo("generating orders");
            });
  }

  @Test
  void reportsEveryCheckResultWithSeverityAndMetadata() {
    ExecutionResult result = Materializer.materialize(orders(), "*", null);

    assertThat(result.checkResults()).hasSize(2);
    assertThat(result.checkResult("valid_orders", "all_positive").passed()).isTrue();
    assertThat(result.checkResult("valid_orders", "all_positive").metadata())
        .containsEntry("rows", 2);
    var fewRows = result.checkResult("raw_orders", "few_rows");
    assertThat(fewRows.passed()).isFalse();
    assertThat(fewRows.severity().name()).isEqualTo("WARN");
    assertThat(fewRows.description()).isEqualTo("3 rows is few");
    assertThat(result.success()).as("a failing non-blocking check does not fail the run").isTrue();
  }

  @Test
  void readsUnselectedUpstreamFromASharedIoManager() {
    InMemoryIoManager store = new InMemoryIoManager();
    Materializer.materialize(
        orders(), "raw_orders", null, RunOptions.builder().ioManager(store).build());

    ExecutionResult result =
        Materializer.materialize(
            orders(), "valid_orders", null, RunOptions.builder().ioManager(store).build());

    assertThat(result.output("valid_orders")).asList().hasSize(2);
  }

  @Test
  void failsAStepWhoseUpstreamWasNeverStoredAndSaysHowToFixIt() {
    ExecutionResult result = Materializer.materialize(orders(), "valid_orders", null);

    assertThat(result.success()).isFalse();
    assertThat(result.stepStatus("valid_orders")).isEqualTo(StepStatus.FAILED);
    assertThat(result.events(dev.materia.api.StepFailed.class).getFirst().error().message())
        .contains("No value stored for asset \"raw_orders\"")
        .contains("include it in the selection");
  }

  @Test
  void explainsWhyAnOutputIsMissing() {
    ExecutionResult result = Materializer.materialize(orders(), "raw_orders", null);

    assertThatThrownBy(() -> result.output("valid_orders"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"valid_orders\" was not materialized")
        .hasMessageContaining("not selected");
  }

  @Test
  void serializesARealRunsEventsWithPlainJackson() throws Exception {
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    ExecutionResult result = Materializer.materialize(orders(), "*", null);

    for (RunEvent event : result.events()) {
      String text = json.writeValueAsString(event);
      assertThat(json.readValue(text, RunEvent.class)).isEqualTo(event);
      assertThat(text).doesNotContain("Order[");
    }
  }

  /** Instance methods on a class with a public no-arg constructor, daily partitions. */
  public static final class Daily {
    final List<String> calls = new ArrayList<>();

    public Daily() {}

    @Asset
    @DailyPartitions(start = "2024-01-01", timezone = "Europe/Berlin")
    public String dailyEvents(AssetContext context) {
      TimeWindow window = context.partitionTimeWindow();
      return context.partitionKey()
          + "@"
          + window.start().toLocalDateTime()
          + "/"
          + window.duration().toHours();
    }

    @Asset
    @DailyPartitions(start = "2024-01-01", timezone = "Europe/Berlin")
    public String dailyCounts(String dailyEvents) {
      return "counted " + dailyEvents;
    }

    @Asset
    public String unpartitioned(AssetContext context) {
      return context.partitionKey();
    }
  }

  @Test
  void givesPartitionKeyAndTimeWindowToPartitionedInstanceMethods() {
    Definitions definitions = Definitions.builder().assets(Daily.class).build();

    ExecutionResult result = Materializer.materialize(definitions, "daily_events+", "2024-03-31");

    assertThat(result.success()).isTrue();
    assertThat(result.output("daily_events")).isEqualTo("2024-03-31@2024-03-31T00:00/23");
    assertThat(result.output("daily_counts")).isEqualTo("counted 2024-03-31@2024-03-31T00:00/23");
    assertThat(materialization(result, "daily_counts").partitionKey()).isEqualTo("2024-03-31");
  }

  @Test
  void aPartitionRangeIsOneRunWithOneStartAndOneFinishAndSeqsNumberedOnce() {
    Definitions definitions = Definitions.builder().assets(Daily.class).build();

    ExecutionResult result =
        Materializer.materializeRange(
            definitions, "daily_events+", new PartitionRange("2024-01-01", "2024-01-03"));

    assertThat(result.success()).isTrue();
    List<RunEvent> events = result.events();
    assertThat(events).filteredOn(RunStarted.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(RunFinished.class::isInstance).hasSize(1);
    assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
    assertThat(events.getLast()).isInstanceOf(RunFinished.class);
    assertThat(((RunStarted) events.getFirst()).partitionKey())
        .isEqualTo("2024-01-01...2024-01-03");
    assertThat(((RunStarted) events.getFirst()).stepKeys())
        .containsExactly("daily_events", "daily_counts");
    assertThat(events).extracting(RunEvent::seq).containsExactly(seqs(events.size()));
    assertThat(result.events(AssetMaterialized.class))
        .filteredOn(m -> m.assetKey().equals("daily_counts"))
        .extracting(AssetMaterialized::partitionKey)
        .containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
    assertThat(result.outputs().get("daily_counts[2024-01-02]"))
        .contains("counted 2024-01-02@2024-01-02T00:00/24");
    assertThat(result.stepStatuses())
        .containsEntry("daily_events[2024-01-03]", StepStatus.SUCCEEDED);
  }

  /** A daily asset that fails on one day. */
  public static final class FailsOnTheSecond {
    public FailsOnTheSecond() {}

    @Asset
    @DailyPartitions(start = "2024-01-01")
    public String days(AssetContext context) {
      if (context.partitionKey().equals("2024-01-02")) {
        throw new IllegalStateException("no data for the second");
      }
      return context.partitionKey();
    }
  }

  @Test
  void aFailedPartitionOfARangeDoesNotSkipTheNextAndKeysRunInOrder() {
    Definitions definitions = Definitions.builder().assets(FailsOnTheSecond.class).build();

    ExecutionResult result =
        Materializer.materializeRange(
            definitions, "days", new PartitionRange("2024-01-01", "2024-01-03"));

    assertThat(result.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(result.stepStatuses())
        .containsEntry("days[2024-01-01]", StepStatus.SUCCEEDED)
        .containsEntry("days[2024-01-02]", StepStatus.FAILED)
        .containsEntry("days[2024-01-03]", StepStatus.SUCCEEDED);
    assertThat(result.events(StepStarted.class))
        .extracting(StepStarted::partitionKey)
        .containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
  }

  @Test
  void aPartitionRangeOutsideThePartitionsIsRefusedBeforeTheRun() {
    Definitions definitions = Definitions.builder().assets(Daily.class).build();

    assertThatThrownBy(
            () ->
                Materializer.materializeRange(
                    definitions, "unpartitioned", new PartitionRange("2024-01-01", "2024-01-02")))
        .hasMessageContaining("holds no partitioned asset");
    assertThatThrownBy(
            () ->
                Materializer.materializeRange(
                    definitions, "daily_events", new PartitionRange("2023-12-30", "2024-01-02")))
        .hasMessageContaining("Partition range 2023-12-30...2024-01-02");
  }

  private static Long[] seqs(int count) {
    Long[] seqs = new Long[count];
    for (int i = 0; i < count; i++) {
      seqs[i] = i + 1L;
    }
    return seqs;
  }

  @Test
  void failsClearlyWhenAnUnpartitionedAssetAsksForItsPartitionKey() {
    Definitions definitions = Definitions.builder().assets(Daily.class).build();

    ExecutionResult result = Materializer.materialize(definitions, "unpartitioned", null);

    assertThat(result.success()).isFalse();
    assertThat(result.events(dev.materia.api.StepFailed.class).getFirst().error().message())
        .contains("Asset \"unpartitioned\" is not partitioned")
        .contains("hasPartitionKey()");
  }

  @Test
  void rejectsAPartitionedSelectionWithoutAKey() {
    Definitions definitions = Definitions.builder().assets(Daily.class).build();

    assertThatThrownBy(() -> Materializer.materialize(definitions, "daily_events", null))
        .hasMessageContaining("Asset \"daily_events\"")
        .hasMessageContaining("is partitioned")
        .hasMessageContaining("pass a partition key, e.g. \"2024-01-01\"");
  }

  @Test
  void rejectsAKeyThatIsNotAPartition() {
    Definitions definitions = Definitions.builder().assets(Daily.class).build();

    assertThatThrownBy(() -> Materializer.materialize(definitions, "daily_events", "2023-12-31"))
        .hasMessageContaining("Asset \"daily_events\" cannot run partition \"2023-12-31\"");
  }

  /** Daily partitions with a fixed end, read with an offset and all at once. */
  public static final class Windows {
    @Asset
    @DailyPartitions(start = "2024-01-01", end = "2024-01-04")
    public static String events(AssetContext context) {
      return "events of " + context.partitionKey();
    }

    @Asset
    @DailyPartitions(start = "2024-01-02", end = "2024-01-04")
    public static String delta(
        String events,
        @In("events") @MapPartitions(value = PartitionMapping.Kind.TIME_WINDOW, offset = -1)
            String previousEvents) {
      return events + " minus " + previousEvents;
    }

    @Asset
    public static List<String> history(Map<String, String> events) {
      return List.copyOf(events.keySet());
    }

    @Asset
    @NamedPartitions("customers")
    public static String profile(AssetContext context) {
      return "profile of " + context.partitionKey();
    }
  }

  @Test
  void readsOtherPartitionsThroughMappingsAcrossRuns() {
    Definitions definitions =
        Definitions.builder()
            .assets(Windows.class)
            .partitions(PartitionsDefinition.dynamic("customers"))
            .build();
    InMemoryIoManager store = new InMemoryIoManager();
    ConcurrentHashMap<String, String> versions = new ConcurrentHashMap<>();
    Map<String, String> eventVersions = new java.util.TreeMap<>();
    for (String day : List.of("2024-01-01", "2024-01-02", "2024-01-03")) {
      ExecutionResult events =
          Materializer.materialize(
              definitions,
              "events",
              day,
              RunOptions.builder().ioManager(store).dataVersions(versions).build());
      eventVersions.put("events[" + day + "]", materialization(events, "events").dataVersion());
    }

    ExecutionResult delta =
        Materializer.materialize(
            definitions,
            "delta",
            "2024-01-03",
            RunOptions.builder().ioManager(store).dataVersions(versions).build());
    ExecutionResult history =
        Materializer.materialize(
            definitions,
            "history",
            null,
            RunOptions.builder().ioManager(store).dataVersions(versions).build());

    assertThat(delta.output("delta")).isEqualTo("events of 2024-01-03 minus events of 2024-01-02");
    assertThat(materialization(delta, "delta").inputDataVersions())
        .containsOnlyKeys("events[2024-01-02]", "events[2024-01-03]");
    assertThat(history.output("history"))
        .isEqualTo(List.of("2024-01-01", "2024-01-02", "2024-01-03"));
    assertThat(materialization(history, "history").inputDataVersions()).isEqualTo(eventVersions);
  }

  @Test
  void runsDynamicPartitionsAddedAtRuntime() {
    Definitions definitions =
        Definitions.builder()
            .assets(Windows.class)
            .partitions(PartitionsDefinition.dynamic("customers"))
            .build();
    var store = new dev.materia.api.partitions.InMemoryDynamicPartitionsStore();
    store.add("customers", "acme");

    ExecutionResult result =
        Materializer.materialize(
            definitions, "profile", "acme", RunOptions.builder().dynamicPartitions(store).build());

    assertThat(result.output("profile")).isEqualTo("profile of acme");
    assertThatThrownBy(
            () ->
                Materializer.materialize(
                    definitions,
                    "profile",
                    "globex",
                    RunOptions.builder().dynamicPartitions(store).build()))
        .hasMessageContaining("Asset \"profile\" cannot run partition \"globex\"");
  }

  /** Blocks until canceled. */
  public static final class Slow {
    static final java.util.concurrent.CountDownLatch STARTED =
        new java.util.concurrent.CountDownLatch(1);

    @Asset
    public static int slow() throws InterruptedException {
      STARTED.countDown();
      new java.util.concurrent.CountDownLatch(1).await();
      return 1;
    }

    @Asset
    public static int after(int slow) {
      return slow;
    }
  }

  @Test
  void cancelsARunStartedInTheBackground() throws Exception {
    RunHandle run =
        Materializer.start(
            Definitions.builder().assets(Slow.class).build(), "*", null, RunOptions.defaults());
    assertThat(Slow.STARTED.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    run.cancel();
    ExecutionResult result = run.await(java.time.Duration.ofSeconds(10));

    assertThat(result.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(result.stepStatus("slow")).isEqualTo(StepStatus.FAILED);
    assertThat(result.stepStatus("after")).isEqualTo(StepStatus.SKIPPED);
  }

  private static AssetMaterialized materialization(ExecutionResult result, String key) {
    return result.materializations().stream()
        .filter(m -> m.assetKey().equals(key))
        .findFirst()
        .orElseThrow();
  }

  // ---- an input from another code location ----

  public static final class ReadsAlpha {
    @Asset(key = "b/x")
    public static int x(@In("a/y") int y) {
      return y + 1;
    }
  }

  @Test
  void loadsAnInputOfAnotherCodeLocationThroughTheIoManager() {
    InMemoryIoManager store = new InMemoryIoManager();
    store.store(new dev.materia.sdk.OutputContext("a/y", null, "earlier-run", int.class), 41);

    ExecutionResult result =
        Materializer.materialize(
            Definitions.builder().assets(ReadsAlpha.class).build(),
            "*b/x",
            null,
            RunOptions.builder().ioManager(store).build());

    assertThat(result.success()).isTrue();
    assertThat(result.output("b/x")).isEqualTo(42);
    assertThat(result.stepStatuses()).containsOnlyKeys("b/x");
  }

  @Test
  void failsTheStepOfAnInputOfAnotherCodeLocationThatWasNeverMaterializedSayingWhereToRunIt() {
    ExecutionResult result =
        Materializer.materialize(Definitions.builder().assets(ReadsAlpha.class).build(), "*", null);

    assertThat(result.success()).isFalse();
    assertThat(result.stepStatus("b/x")).isEqualTo(StepStatus.FAILED);
    assertThat(result.events(dev.materia.api.StepFailed.class).getFirst().error().message())
        .startsWith(
            "`a/y` is defined in another code location; materialize it there first (asset b/x"
                + " reads it through its I/O manager, which has no value of it:");
  }
}
