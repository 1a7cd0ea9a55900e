package dev.materia.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code startup}: a control plane process from start until {@code /health/ready} answers, and its
 * resident memory once idle. The database is already migrated, as on any restart.
 */
final class StartupBench implements Benchmark {
  @Override
  public String name() {
    return "startup";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    env.controlPlane(); // migrates the database first, so each start below is a restart
    int repetitions = env.size(5, 1);
    List<Double> ready = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    if (!env.quick()) {
      // Warm-up: the first start also warms the page cache for the classpath.
      try (ControlPlaneProcess warm = env.startControlPlane("startup-warmup", Map.of())) {
        env.log("startup warm-up: ready in %.0f ms", warm.readyMillis());
      }
    }
    for (int i = 0; i < repetitions; i++) {
      try (ControlPlaneProcess process = env.startControlPlane("startup-" + i, Map.of())) {
        ready.add(process.readyMillis());
        cpu.add(process.readyCpuSeconds());
        Thread.sleep(env.size(5_000, 1_000)); // idle: let start-up garbage settle
        process.http().get("health/ready");
        rss.add(process.rssMiB());
        env.log(
            "startup %d: ready in %.0f ms using %.1f s of CPU, idle RSS %.0f MiB",
            i, ready.getLast(), cpu.getLast(), rss.getLast());
      }
    }
    double cpuSeconds = Stats.median(cpu);
    return List.of(
        BenchResult.atMost(
                "startup.ready",
                Stats.median(ready),
                "ms",
                2_000,
                "the start itself costs "
                    + BenchResult.number(cpuSeconds)
                    + " s of CPU (user + system, all threads, from /proc/PID/stat), so on 2 cores"
                    + " it cannot be ready in 2 s even when nothing else runs: CPU-bound class"
                    + " loading, JIT and bean creation of Micronaut, Netty, Hikari, Flyway"
                    + " (validating the migrated schema) and serde; would fix (not tried here): a"
                    + " CDS archive of the control plane's jars (CDS skips class folders such as"
                    + " a checkout's target/classes), skipping Flyway's validation when the schema"
                    + " version matches, fewer eagerly created beans.")
            .measured(
                "median of "
                    + ready.size()
                    + " restarts on a migrated database; CPU used until ready "
                    + BenchResult.number(cpuSeconds)
                    + " s"),
        BenchResult.atMost(
            "startup.idle_rss",
            Stats.median(rss),
            "MiB",
            256,
            "the JVM runs with default heap sizing (a quarter of the machine's memory) plus"
                + " metaspace and code cache for Micronaut, Netty, Flyway and serde; would fix:"
                + " an explicit -Xmx and SerialGC for a small idle process (try"
                + " MATERIA_BENCH_CONTROL_PLANE_OPTS)."));
  }
}
