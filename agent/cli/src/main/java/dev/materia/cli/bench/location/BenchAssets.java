package dev.materia.cli.bench.location;

import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.DailyPartitions;
import dev.materia.sdk.StaticPartitions;

/** Trivial assets for the bench: their cost is the orchestrator's, not the asset's. */
public final class BenchAssets {
  /** One step that does nothing: launch to first step measures the launch alone. */
  @Asset(key = "bench/first_step", group = "bench")
  public static String firstStep() {
    return "ok";
  }

  /** Daily partitions from 1990, so a range of 10,000 days lies in the past. */
  @Asset(key = "bench/daily", group = "bench")
  @DailyPartitions(start = "1990-01-01")
  public static String daily(AssetContext context) {
    return context.partitionKey();
  }

  /** Logs as many lines as its partition key says: one run's shipping rate, mostly log events. */
  @Asset(key = "bench/chatty", group = "bench")
  @StaticPartitions({"1000", "25000"})
  public static int chatty(AssetContext context) {
    int lines = Integer.parseInt(context.partitionKey());
    for (int i = 1; i <= lines; i++) {
      context.log().info("line " + i);
    }
    return lines;
  }
}
