package dev.materia.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes {@code bench.json} and {@code bench.md}; a missed target is printed as missed. */
final class BenchReport {
  private BenchReport() {}

  static void write(Path dir, List<BenchResult> results, String machine) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("bench.json"), json(results));
    Files.writeString(dir.resolve("bench.md"), markdown(results, machine));
  }

  static String json(List<BenchResult> results) {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < results.size(); i++) {
      BenchResult r = results.get(i);
      json.append("  {\"name\": ")
          .append(quote(r.name()))
          .append(", \"value\": ")
          .append(num(r.value()))
          .append(", \"unit\": ")
          .append(quote(r.unit()))
          .append(", \"baseline\": ")
          .append(num(r.baseline()))
          .append(", \"ratio\": ")
          .append(num(r.ratio()))
          .append(", \"target\": ")
          .append(r.target() == null ? "null" : quote(r.target()))
          .append(", \"met\": ")
          .append(r.met() == null ? "null" : r.met().toString())
          .append(", \"note\": ")
          .append(quote(r.note()))
          .append('}')
          .append(i + 1 < results.size() ? ",\n" : "\n");
    }
    return json.append("]\n").toString();
  }

  static String markdown(List<BenchResult> results, String machine) {
    StringBuilder md = new StringBuilder("# materia bench\n\n").append(machine).append("\n\n");
    md.append("| Benchmark | Value | Baseline | Ratio | Target | Met |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (BenchResult r : results) {
      md.append("| ")
          .append(r.name())
          .append(" | ")
          .append(r.value() == null ? "—" : BenchResult.number(r.value()) + " " + r.unit())
          .append(" | ")
          .append(r.baseline() == null ? "" : BenchResult.number(r.baseline()) + " " + r.unit())
          .append(" | ")
          .append(r.ratio() == null ? "" : ratio(r.ratio()))
          .append(" | ")
          .append(r.target() == null ? "" : r.target())
          .append(" | ")
          .append(r.met() == null ? "" : r.met() ? "yes" : "**MISSED**")
          .append(" |\n");
    }
    List<BenchResult> missed = results.stream().filter(r -> Boolean.FALSE.equals(r.met())).toList();
    if (!missed.isEmpty()) {
      md.append("\n## Missed targets\n\n");
      for (BenchResult r : missed) {
        md.append("- **").append(r.name()).append("**: ").append(r.note()).append('\n');
      }
    }
    List<BenchResult> notes =
        results.stream()
            .filter(r -> !Boolean.FALSE.equals(r.met()) && !r.note().isBlank())
            .toList();
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      for (BenchResult r : notes) {
        md.append("- ").append(r.name()).append(": ").append(r.note()).append('\n');
      }
    }
    return md.toString();
  }

  /** One line per result for the terminal. */
  static String line(BenchResult r) {
    String value = r.value() == null ? "—" : BenchResult.number(r.value()) + " " + r.unit();
    String base =
        r.baseline() == null
            ? ""
            : String.format(
                Locale.ROOT,
                " (baseline %s %s, ratio %s)",
                BenchResult.number(r.baseline()),
                r.unit(),
                ratio(r.ratio()));
    String verdict =
        r.met() == null
            ? ""
            : r.met() ? "  met (" + r.target() + ")" : "  MISSED (" + r.target() + ")";
    return String.format(Locale.ROOT, "%-44s %s%s%s", r.name(), value, base, verdict);
  }

  /** Four decimals below 1, where a target such as 0.5 sits, two above. */
  static String ratio(double ratio) {
    return String.format(Locale.ROOT, ratio < 1 ? "%.4f" : "%.2f", ratio);
  }

  private static String num(Double value) {
    return value == null || value.isNaN() || value.isInfinite()
        ? "null"
        : String.format(Locale.ROOT, "%.4f", value);
  }

  static String quote(String text) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
