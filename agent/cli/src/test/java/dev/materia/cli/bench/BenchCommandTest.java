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
 * PostgreSQL, control plane processes and agents, and reports numbers. It never asserts a time.
 */
class BenchCommandTest {
  @TempDir Path out;

  @Test
  void quickBenchWritesANumberForEveryBenchmarkToBenchJsonAndBenchMd() throws Exception {
    StringWriter console = new StringWriter();
    int exit =
        Materia.commandLine()
            .setOut(new PrintWriter(console, true))
            .execute("bench", "--quick", "--out", out.toString());

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
    for (Benchmark benchmark : BenchCommand.all()) {
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
