package dev.materia.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.cli.Materia;
import io.micronaut.json.tree.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code materia bench --quick} as a harness check: every benchmark runs against a real embedded
 * PostgreSQL, control plane processes and agents, and reports numbers. It never asserts a time. The
 * console's benchmark needs Chromium and the built web-ui: CI has both and must run it; on a
 * developer machine without Chromium it is left out, as the browser tests are.
 */
class BenchCommandTest {
  @TempDir Path out;

  @Test
  void quickBenchWritesANumberForEveryBenchmarkToBenchJsonAndBenchMd() throws Exception {
    List<Benchmark> expected = new ArrayList<>(BenchCommand.all());
    if (!Files.isExecutable(ConsoleBench.chromium()) && System.getenv("CI") == null) {
      expected.removeIf(b -> b instanceof ConsoleBench);
    }
    List<String> arguments = new ArrayList<>(List.of("bench", "--quick", "--out", out.toString()));
    expected.forEach(b -> arguments.addAll(List.of("--only", b.name())));
    StringWriter console = new StringWriter();
    int exit =
        Materia.commandLine()
            .setOut(new PrintWriter(console, true))
            .execute(arguments.toArray(String[]::new));

    assertThat(exit).as(console.toString()).isZero();
    assertThat(out.resolve("bench.md")).isRegularFile();
    JsonNode results = Http.json(Files.readString(out.resolve("bench.json")));
    List<String> names = new ArrayList<>();
    for (JsonNode result : results.values()) {
      String name = result.get("name").getStringValue();
      names.add(name);
      assertThat(result.get("value").isNumber())
          .as("%s has a numeric value: %s%n%s", name, result, console)
          .isTrue();
      assertThat(result.get("unit").isString()).as(name).isTrue();
    }
    for (Benchmark benchmark : expected) {
      assertThat(names)
          .as("results of %s", benchmark.name())
          .anyMatch(
              name -> name.equals(benchmark.name()) || name.startsWith(benchmark.name() + "."));
    }
  }

  @Test
  void onlyRejectsAnUnknownBenchmarkNamingTheChoices() {
    StringWriter err = new StringWriter();
    int exit =
        Materia.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("bench", "--only", "nope", "--out", out.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("nope").contains("event_ingest").contains("agents_1k");
  }
}
