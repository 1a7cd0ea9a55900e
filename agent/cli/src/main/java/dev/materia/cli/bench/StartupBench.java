package dev.materia.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code startup}: a control plane process from start until {@code /health/ready} answers, and its
 * resident memory once idle. The database is already migrated, as on any restart. The warm-up start
 * also records the AOT cache when there is none for the current jars, so the measured starts are
 * restarts as {@code ./materia control-plane} does them.
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
      // Warm-up: warms the page cache for the classpath and, if needed, records the AOT cache.
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
                    + " s of CPU (user + system, all threads, from /proc/PID/stat), about half of"
                    + " it the JIT compiling Micronaut's bean and route set-up, so with other work"
                    + " on the 2 cores it can miss; already done: the JDK AOT cache (without it,"
                    + " the first start after a build, 4-5 s of CPU) and no Flyway on a current"
                    + " schema; would fix further: Micronaut AOT (static bean and service"
                    + " lists instead of scanning every jar), fewer routes built at start.")
            .measured(
                "median of "
                    + ready.size()
                    + " restarts on a migrated database, "
                    + ControlPlaneProcess.launch()
                    + "; CPU used until ready "
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
