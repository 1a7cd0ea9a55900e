package dev.materia.runtime.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.ScheduleSnapshot;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.io.InMemoryIoManager;
import dev.materia.runtime.load.DefinitionsLoader;
import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetCheck;
import dev.materia.sdk.CheckResult;
import dev.materia.sdk.DailyPartitions;
import dev.materia.sdk.Definitions;
import dev.materia.sdk.NamedPartitions;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.Schedule;
import dev.materia.sdk.StaticPartitions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeLocationSnapshotsTest {

  public static final class Shop {
    @Asset(
        key = "sales/raw_orders",
        group = "sales",
        description = "Orders as exported",
        owners = {"team:data"},
        tags = {"tier=bronze"},
        kinds = {"duckdb"},
        codeVersion = "v1",
        ioManager = "warehouse")
    @DailyPartitions(start = "2024-01-01", end = "2025-01-01", timezone = "Europe/Berlin")
    public static List<String> rawOrders() {
      return List.of();
    }

    @Asset
    public static int catalog() {
      return 0;
    }

    @Asset(deps = {"catalog"})
    @StaticPartitions({"us", "eu"})
    public static int regions() {
      return 2;
    }

    @Asset
    @NamedPartitions("daily_by_region")
    public static int regionalSales() {
      return 1;
    }

    @Asset
    @NamedPartitions("customers")
    public static int customerScores() {
      return 1;
    }

    @AssetCheck(asset = "regions", blocking = true, description = "two regions")
    public static CheckResult twoRegions(int regions) {
      return CheckResult.of(regions == 2);
    }
  }

  private static final Definitions SHOP =
      Definitions.builder()
          .assets(Shop.class)
          .resource("warehouse", new InMemoryIoManager())
          .partitions(PartitionsDefinition.dynamic("customers"))
          .partitions(
              PartitionsDefinition.multi(
                  "daily_by_region",
                  PartitionsDefinition.dimension(
                      "date", PartitionsDefinition.daily(LocalDate.of(2024, 1, 1))),
                  PartitionsDefinition.dimension(
                      "region", PartitionsDefinition.staticKeys("us", "eu"))))
          .schedule(Schedule.of("nightly", "0 2 * * *", "group:sales").inTimezone("Europe/Berlin"))
          .build();

  @Test
  void carriesEveryAssetAttributeIntoTheSnapshot() {
    var snapshot = CodeLocationSnapshots.of("shop", "v7", loadShop(), SHOP.schedules());

    AssetSnapshot raw = asset(snapshot, "sales/raw_orders");
    assertThat(raw.group()).isEqualTo("sales");
    assertThat(raw.description()).isEqualTo("Orders as exported");
    assertThat(raw.owners()).containsExactly("team:data");
    assertThat(raw.tags()).isEqualTo(Map.of("tier", "bronze"));
    assertThat(raw.kinds()).containsExactly("duckdb");
    assertThat(raw.codeVersion()).isEqualTo("v1");
    assertThat(raw.ioManager()).isEqualTo("warehouse");
    assertThat(asset(snapshot, "regions").deps()).containsExactly("catalog");
    assertThat(snapshot.version()).isEqualTo("v7");
  }

  @Test
  void describesEveryKindOfPartitions() {
    var snapshot = CodeLocationSnapshots.of("shop", null, loadShop(), SHOP.schedules());

    var daily = asset(snapshot, "sales/raw_orders").partitions();
    assertThat(daily.kind()).isEqualTo(PartitionsKind.DAILY);
    assertThat(daily.start()).isEqualTo("2024-01-01T00:00");
    assertThat(daily.end()).isEqualTo("2025-01-01T00:00");
    assertThat(daily.timezone()).isEqualTo("Europe/Berlin");
    assertThat(daily.description()).contains("daily partitions from 2024-01-01");
    assertThat(asset(snapshot, "regions").partitions().staticKeys()).containsExactly("us", "eu");
    var dynamic = asset(snapshot, "customer_scores").partitions();
    assertThat(dynamic.kind()).isEqualTo(PartitionsKind.DYNAMIC);
    assertThat(dynamic.name()).isEqualTo("customers");
    var multi = asset(snapshot, "regional_sales").partitions();
    assertThat(multi.kind()).isEqualTo(PartitionsKind.MULTI);
    assertThat(multi.name()).isEqualTo("daily_by_region");
    assertThat(multi.dimensions())
        .extracting(d -> d.name() + ":" + d.partitions().kind())
        .containsExactly("date:DAILY", "region:STATIC");
    assertThat(multi.dimensions().get(0).partitions().timezone()).isEqualTo("UTC");
  }

  @Test
  void carriesChecksAndSchedules() {
    var snapshot = CodeLocationSnapshots.of("shop", null, loadShop(), SHOP.schedules());

    assertThat(snapshot.checks())
        .containsExactly(new CheckSnapshot("regions", "two_regions", true, "two regions"));
    assertThat(snapshot.schedules())
        .containsExactly(
            new ScheduleSnapshot("nightly", "0 2 * * *", "group:sales", "Europe/Berlin"));
  }

  @Test
  void loadingTwiceGivesTheSameContentHash() {
    var first = CodeLocationSnapshots.of("shop", "v1", loadShop(), SHOP.schedules());
    var second = CodeLocationSnapshots.of("shop", "v2", loadShop(), SHOP.schedules());

    assertThat(second.contentHash()).isEqualTo(first.contentHash());
  }

  @Test
  void snapshotsTenThousandAssetsWithThirtyThousandEdges() {
    List<AssetNode> nodes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      var builder = AssetNode.builder("a" + i).group("g" + (i % 10));
      if (i >= 3) {
        builder.inputs("a" + (i - 1), "a" + (i - 2), "a" + (i - 3));
      }
      nodes.add(builder.build());
    }
    var graph = AssetGraph.of(nodes, List.of());

    CodeLocationSnapshot snapshot = CodeLocationSnapshots.of("big", null, graph, List.of());

    assertThat(snapshot.assets()).hasSize(10_000);
    assertThat(snapshot.edgeCount()).isEqualTo(3 * (10_000 - 3));
  }

  private static AssetGraph loadShop() {
    return DefinitionsLoader.load(SHOP);
  }

  private static AssetSnapshot asset(CodeLocationSnapshot snapshot, String key) {
    return snapshot.assets().stream()
        .filter(a -> a.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no asset " + key + " in " + snapshot.assets()));
  }
}
