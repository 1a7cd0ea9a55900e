package dev.materia.cli.bench;

import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code console_10k}: the console at 10,000 assets / 30,000 edges in a real Chromium (headless,
 * 1440×900) against the bench's control plane. Node's test runner runs {@code
 * web-ui/e2e/scale.bench.mjs} (playwright-core, from the checkout's {@code web-ui/node_modules}),
 * which signs in as the tenant's owner, uploads a generated snapshot through the agent API, and
 * measures the lineage page until its groups are collapsed, laid out and drawn, opening one group,
 * and 600 frames of scrolling the catalog; it asserts that the pages work, never a time. Needs
 * Chromium ({@code CHROMIUM_PATH}, default {@code /usr/bin/chromium}) and Node.
 */
final class ConsoleBench implements Benchmark {
  private static final String SCRIPT = "e2e/scale.bench.mjs";

  @Override
  public String name() {
    return "console_10k";
  }

  /** The Chromium the console is measured in. */
  static Path chromium() {
    return Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    Path webUi = webUi();
    if (!Files.isExecutable(chromium())) {
      throw new IllegalStateException(
          chromium()
              + " is missing: install Chromium (apt-get install chromium) or set"
              + " CHROMIUM_PATH");
    }
    if (!Files.isDirectory(webUi.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException(
          webUi.resolve("node_modules") + " has no playwright-core: run npm ci in " + webUi);
    }
    ControlPlaneProcess controlPlane = env.controlPlane();
    BenchTenant tenant = BenchTenant.signUp(controlPlane.http(), "Console");
    int assets = env.size(10_000, 400);
    Path report = env.work().resolve("console-scale.json");
    Path log = env.logs().resolve("console_10k.log");
    ProcessBuilder node =
        new ProcessBuilder("node", "--test", "--test-concurrency=1", SCRIPT)
            .directory(webUi.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    node.environment()
        .putAll(
            Map.of(
                "MATERIA_URL", controlPlane.uri().toString().replaceAll("/$", ""),
                "MATERIA_ORG", tenant.org(),
                "MATERIA_DEV_EMAIL", tenant.email(),
                "MATERIA_DEV_PASSWORD", BenchTenant.PASSWORD,
                "MATERIA_SCALE_ASSETS", Integer.toString(assets),
                "MATERIA_SCALE_EDGES", Integer.toString(assets * 3),
                "MATERIA_SCALE_REPORT", report.toString(),
                "MATERIA_SCREENSHOTS", env.logs().resolve("console_10k").toString(),
                "CHROMIUM_PATH", chromium().toString()));
    Process process = node.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the console's scale check took over 10 minutes; see " + log);
    }
    if (process.exitValue() != 0 || !Files.exists(report)) {
      throw new IllegalStateException(
          "the console's scale check failed (exit " + process.exitValue() + "); see " + log);
    }
    JsonNode numbers = Http.json(Files.readString(report));
    JsonNode lineage = numbers.get("lineage");
    JsonNode catalog = numbers.get("catalog");
    env.log("console_10k: %s", Files.readString(report).replaceAll("\\s+", " "));
    String sized = "%,d assets, %,d edges".formatted(assets, numbers.get("edges").getIntValue());
    List<BenchResult> results = new ArrayList<>();
    results.add(
        BenchResult.info(
            "console_10k.snapshot_upload",
            number(numbers, "snapshotUploadMs"),
            "ms",
            null,
            "no target; PUT of the generated snapshot (%s) from Node, end to end"
                .formatted(sized)));
    results.add(
        BenchResult.atMost(
                "console_10k.lineage_ready",
                number(lineage, "graphReadyMs"),
                "ms",
                2_000,
                "the page fetches the whole asset graph, lays out its collapsed groups in a worker"
                    + " and draws them; would fix: a smaller graph document, layout cached per"
                    + " snapshot.")
            .measured("navigation start to materia:graph-ready, groups collapsed; " + sized));
    results.add(
        BenchResult.info(
            "console_10k.asset_graph_response",
            number(lineage, "assetGraphResponseMs"),
            "ms",
            null,
            "no target; GET .../asset-graph as the page loads it (part of lineage_ready)"));
    results.add(
        BenchResult.info(
            "console_10k.long_tasks_until_ready",
            number(lineage, "longTasksUntilReady"),
            "tasks",
            null,
            "no target; main-thread tasks over 50 ms before the graph was ready (longest %.0f ms)"
                .formatted(number(lineage, "longestTaskMs"))));
    results.add(
        BenchResult.info(
            "console_10k.open_group",
            number(lineage, "expandGroupMs"),
            "ms",
            null,
            "no target; one group of %,d assets opened until laid out and drawn"
                .formatted(assets / 20)));
    results.add(
        BenchResult.info(
            "console_10k.catalog_fps",
            number(catalog, "meanFps"),
            "fps",
            null,
            "no target (smooth); mean over 600 frames scrolling the catalog, frame p95 %.1f ms,"
                    .formatted(number(catalog, "p95FrameMs"))
                + " %.0f frames over 50 ms".formatted(number(catalog, "framesOver50Ms"))));
    results.add(
        BenchResult.info(
            "console_10k.catalog_rows_in_dom",
            number(catalog, "rowsInDom"),
            "rows",
            null,
            "no target; rows in the DOM after scrolling %.0f rows: a window, not every asset"
                .formatted(number(catalog, "scrolledRows"))));
    return results;
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalStateException("the console's report has no number " + field + ": " + node);
    }
    return value.getNumberValue().doubleValue();
  }

  /**
   * The checkout's {@code web-ui}: next to the {@code ./materia} script that started this JVM, or
   * in a parent of the working directory (tests run in {@code agent/cli}).
   */
  private static Path webUi() throws IOException {
    String script = System.getProperty("materia.script");
    List<Path> candidates = new ArrayList<>();
    if (script != null) {
      candidates.add(Path.of(script).toAbsolutePath().getParent().resolve("web-ui"));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      candidates.add(dir.resolve("web-ui"));
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate.resolve(SCRIPT))) {
        return candidate;
      }
    }
    throw new IOException(
        "no web-ui/"
            + SCRIPT
            + " next to ./materia or above "
            + Path.of("").toAbsolutePath()
            + ": console_10k runs from a checkout");
  }
}
