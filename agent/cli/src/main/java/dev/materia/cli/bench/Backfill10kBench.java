package dev.materia.cli.bench;

import dev.materia.agent.AgentConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code backfill_10k}: 10,000 daily partitions of a trivial asset launched as one partition-range
 * run (the API has no separate backfill resource yet) and run by a real agent with the in-process
 * launcher. Queue: the {@code POST .../runs} until it answered 201. Finish: until the run
 * succeeded.
 */
final class Backfill10kBench implements Benchmark {
  @Override
  public String name() {
    return "backfill_10k";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    ControlPlaneProcess controlPlane = env.controlPlane();
    int partitions = env.size(10_000, 100);
    try (BenchAgent agent =
        BenchAgent.start(env, controlPlane, AgentConfig.Launcher.IN_PROCESS, "backfill")) {
      agent.launchAndWait(range(LocalDate.of(1990, 1, 1), 10), Duration.ofSeconds(60)); // warm-up
      LocalDate first = LocalDate.of(1991, 1, 1);
      long t0 = System.nanoTime();
      String runId = agent.tenant().launch("prod", range(first, partitions));
      double queued = Stats.millisSince(t0);
      agent.awaitFinished(runId, Duration.ofMinutes(15));
      double finished = Stats.millisSince(t0);
      env.log(
          "backfill of %d partitions: queued in %.0f ms, done in %.0f ms",
          partitions, queued, finished);
      return List.of(
          BenchResult.atMost(
                  "backfill_10k.queue",
                  queued,
                  "ms",
                  2_000,
                  "creating the run took longer than 2 s; would fix: check the range by date"
                      + " arithmetic instead of listing its keys")
              .measured(
                  "one run over the whole range, as the API has no separate backfill resource"
                      + " yet: the POST that creates it, not 10,000 queued runs"),
          BenchResult.atMost(
              "backfill_10k.finish",
              finished / 1000,
              "s",
              60,
              "each partition is a step with its own events (started, materialized, succeeded),"
                  + " shipped and indexed; would fix: batch the index updates per shipped batch"
                  + " and write trivial outputs without an fsync each."));
    }
  }

  private static String range(LocalDate first, int days) {
    return "{\"selection\":\"bench/daily\",\"codeLocation\":\"bench\",\"partitionRange\":{\"first\":\"%s\",\"last\":\"%s\"}}"
        .formatted(first, first.plusDays(days - 1));
  }
}
