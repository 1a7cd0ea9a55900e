package dev.materia.cli.bench;

import dev.materia.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code materia bench}: measures every performance target of DESIGN.md against what this machine
 * itself does in the same run, and writes {@code bench.json} and {@code bench.md}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure Materia's performance targets on this machine.",
      "Starts an embedded PostgreSQL, control planes (subprocesses) and agents,",
      "runs each benchmark with a warm-up and repetitions, and writes bench.json",
      "and bench.md. A missed target is reported as missed, with why."
    })
public final class BenchCommand implements Callable<Integer> {
  /** Every benchmark, in the order they run. */
  static List<Benchmark> all() {
    return List.of(
        new StartupBench(),
        new EngineBench(),
        new Graph10kBench(),
        new EventIngestBench(),
        new DispatchLatencyBench(),
        new EventToSseBench(),
        new LaunchToFirstStepBench(),
        new RunShippingBench(),
        new Backfill10kBench(),
        new Agents1kBench(),
        new ConsoleBench());
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description = "Small sizes and few repetitions (a few minutes): checks the harness only.")
  boolean quick;

  @Option(
      names = "--only",
      paramLabel = "NAME",
      description = "Run only these benchmarks (repeatable): ${COMPLETION-CANDIDATES}.",
      completionCandidates = Names.class)
  List<String> only = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/bench",
      description = "Where bench.json, bench.md and the logs go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<Benchmark> selected = select();
    PrintWriter console = spec.commandLine().getOut();
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("materia-bench");
    Path logs = Files.createDirectories(out.resolve("logs"));
    quietAgentLogs();
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = loadAverage();
    List<BenchResult> results = new ArrayList<>();
    String postgres;
    try (BenchEnvironment env = BenchEnvironment.start(work, logs, quick, console)) {
      postgres = env.database().version();
      for (Benchmark benchmark : selected) {
        env.log("running %s", benchmark.name());
        long t0 = System.nanoTime();
        try {
          List<BenchResult> measured = benchmark.run(env);
          results.addAll(measured);
          measured.forEach(r -> console.println(BenchReport.line(r)));
        } catch (Exception | AssertionError e) {
          BenchResult failed = BenchResult.failed(benchmark.name(), e);
          results.add(failed);
          console.println(BenchReport.line(failed) + "  " + failed.note());
          e.printStackTrace(
              new PrintWriter(
                  Files.newBufferedWriter(logs.resolve(benchmark.name() + ".error.txt")), true));
        }
        env.log("%s took %.1f s", benchmark.name(), Stats.millisSince(t0) / 1000);
        console.flush();
      }
    } finally {
      deleteTree(work);
    }
    String machine = machine(started, loadBefore, postgres);
    BenchReport.write(out, results, machine);
    long missed = results.stream().filter(r -> Boolean.FALSE.equals(r.met())).count();
    console.printf(
        "%nbench: %d results, %d target(s) missed; wrote %s and %s%n",
        results.size(), missed, out.resolve("bench.json"), out.resolve("bench.md"));
    results.stream()
        .filter(r -> Boolean.FALSE.equals(r.met()))
        .forEach(r -> console.println("  MISSED " + r.name() + ": " + r.note()));
    console.flush();
    return 0;
  }

  private List<Benchmark> select() {
    if (only.isEmpty()) {
      return all();
    }
    List<Benchmark> selected = new ArrayList<>();
    for (String name : only) {
      Benchmark match =
          all().stream()
              .filter(b -> b.name().equals(name.trim().toLowerCase(Locale.ROOT)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UserError(
                          "--only "
                              + name
                              + " names no benchmark; choose from "
                              + String.join(", ", new Names())));
      selected.add(match);
    }
    return selected;
  }

  /** The in-process agents log every run at INFO; the bench's own lines are what matter here. */
  private static void quietAgentLogs() {
    org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private String machine(String started, String loadBefore, String postgres) {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "Run %s%s on %d cores, %s memory, JDK %s (%s), %s %s, embedded %s; load average"
            + " (1 / 5 / 15 min) before %s, after %s.",
        started,
        quick ? " (--quick: sizes reduced, a harness check, not a measurement)" : "",
        runtime.availableProcessors(),
        memory(),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        postgres,
        loadBefore,
        loadAverage());
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return "unknown";
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The benchmark names, for {@code --only} and its help. */
  static final class Names extends ArrayList<String> {
    Names() {
      super(all().stream().map(Benchmark::name).toList());
    }
  }
}
