package dev.materia.controlplane.assets;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Snapshots for tests and benchmarks: a small sales pipeline and big synthetic graphs. */
public final class Snapshots {
  private Snapshots() {}

  /**
   * sales/raw_orders → sales/cleaned_orders → sales/daily_revenue (daily partitions), plus
   * marketing/campaigns; one blocking check and a schedule.
   */
  public static CodeLocationSnapshot sales(String name, String version) {
    return CodeLocationSnapshot.of(
        name,
        version,
        List.of(
            asset("sales/raw_orders", List.of(), "sales", List.of("team:data"), Map.of(), null),
            asset(
                "sales/cleaned_orders",
                List.of("sales/raw_orders"),
                "sales",
                List.of("team:data"),
                Map.of("tier", "gold"),
                null),
            asset(
                "sales/daily_revenue",
                List.of("sales/cleaned_orders"),
                "sales",
                List.of("ada@example.com"),
                Map.of("tier", "gold"),
                PartitionsSnapshot.timeWindow(
                    PartitionsKind.DAILY,
                    "2024-01-01T00:00",
                    "2024-01-11T00:00",
                    "UTC",
                    "daily partitions from 2024-01-01 in UTC")),
            asset("marketing/campaigns", List.of(), "marketing", List.of(), Map.of(), null)),
        List.of(new CheckSnapshot("sales/cleaned_orders", "no_test_rows", true, "no test rows")),
        List.of(new ScheduleSnapshot("nightly", "0 2 * * *", "group:sales", "UTC")));
  }

  static AssetSnapshot asset(
      String key,
      List<String> deps,
      String group,
      List<String> owners,
      Map<String, String> tags,
      PartitionsSnapshot partitions) {
    return new AssetSnapshot(
        key,
        deps,
        group,
        "the " + key + " asset",
        owners,
        tags,
        List.of(key.startsWith("marketing") ? "csv" : "duckdb"),
        "v1",
        partitions,
        null);
  }

  /**
   * A random acyclic graph of {@code assets} assets and {@code edges} edges (less only for the
   * first few assets, which have fewer predecessors), in 20 groups, a tenth of them partitioned, a
   * check on every fifth asset.
   */
  public static CodeLocationSnapshot synthetic(String name, int assets, int edges, long seed) {
    Random random = new Random(seed);
    List<AssetSnapshot> list = new ArrayList<>(assets);
    List<String> keys = new ArrayList<>(assets);
    for (int i = 0; i < assets; i++) {
      String key = "g" + (i % 20) + "/asset_" + i;
      java.util.Set<String> deps = new java.util.TreeSet<>();
      // Exactly `edges` edges overall: spread evenly, each to a distinct earlier asset.
      long target =
          (long) Math.floor((double) edges * (i + 1) / assets)
              - (long) Math.floor((double) edges * i / assets);
      int count = (int) Math.min(i, target);
      while (deps.size() < count) {
        deps.add(keys.get(random.nextInt(i)));
      }
      keys.add(key);
      list.add(
          new AssetSnapshot(
              key,
              List.copyOf(deps),
              "g" + (i % 20),
              "synthetic asset " + i,
              List.of("team" + (i % 7)),
              Map.of("tier", i % 3 == 0 ? "gold" : "silver"),
              List.of(i % 2 == 0 ? "duckdb" : "spark"),
              "v1",
              i % 10 == 0
                  ? PartitionsSnapshot.timeWindow(
                      PartitionsKind.DAILY, "2024-01-01T00:00", null, "UTC", "daily")
                  : null,
              null));
    }
    List<CheckSnapshot> checks = new ArrayList<>();
    for (int i = 0; i < assets; i += 5) {
      checks.add(new CheckSnapshot(keys.get(i), "not_empty", i % 10 == 0, ""));
    }
    return CodeLocationSnapshot.of(name, "v1", list, checks, List.of());
  }

  public static String json(JsonMapper mapper, CodeLocationSnapshot snapshot) {
    try {
      return mapper.writeValueAsString(snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
