package dev.materia.cli.bench;

import java.util.Objects;

/**
 * One measured number with its target: a row of {@code bench.json} and {@code bench.md}.
 *
 * @param value the measurement, or null when the benchmark failed before measuring it
 * @param baseline what the machine itself does in the same run, or null when the target is absolute
 * @param ratio {@code value / baseline}, or null without a baseline
 * @param target the target as text, e.g. {@code <= 100 ms} or {@code >= 0.50 x baseline}
 * @param met whether the target was met; null when there is no target
 * @param note how it was measured, and for a missed target why and what would fix it
 */
record BenchResult(
    String name,
    Double value,
    String unit,
    Double baseline,
    Double ratio,
    String target,
    Boolean met,
    String note) {

  BenchResult {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(unit, "unit == null");
    note = note == null ? "" : note;
  }

  /** The same result with how it was measured before its note (the why of a miss, if any). */
  BenchResult measured(String how) {
    return new BenchResult(
        name,
        value,
        unit,
        baseline,
        ratio,
        target,
        met,
        note.isEmpty()
            ? how
            : how + ". " + Character.toUpperCase(note.charAt(0)) + note.substring(1));
  }

  /** A value that must not exceed {@code limit}. */
  static BenchResult atMost(String name, double value, String unit, double limit, String why) {
    boolean met = value <= limit;
    return new BenchResult(
        name, value, unit, null, null, "<= " + number(limit) + " " + unit, met, met ? "" : why);
  }

  /** A value against a baseline whose ratio must be at least {@code minRatio} (throughput). */
  static BenchResult ratioAtLeast(
      String name, double value, String unit, double baseline, double minRatio, String why) {
    double ratio = value / baseline;
    return ratio(name, value, unit, baseline, ">= " + number(minRatio), ratio >= minRatio, why);
  }

  /** A value against a baseline whose ratio must be at most {@code maxRatio} (time). */
  static BenchResult ratioAtMost(
      String name, double value, String unit, double baseline, double maxRatio, String why) {
    double ratio = value / baseline;
    return ratio(name, value, unit, baseline, "<= " + number(maxRatio), ratio <= maxRatio, why);
  }

  private static BenchResult ratio(
      String name,
      double value,
      String unit,
      double baseline,
      String bound,
      boolean met,
      String why) {
    return new BenchResult(
        name, value, unit, baseline, value / baseline, bound + " x baseline", met, met ? "" : why);
  }

  /** A value that has an absolute limit and is also shown against a baseline. */
  static BenchResult atMostWithBaseline(
      String name, double value, String unit, double baseline, double limit, String why) {
    boolean met = value <= limit;
    return new BenchResult(
        name,
        value,
        unit,
        baseline,
        value / baseline,
        "<= " + number(limit) + " " + unit,
        met,
        met ? "" : why);
  }

  /** A number shown for context, with no target. */
  static BenchResult info(String name, double value, String unit, Double baseline, String note) {
    return new BenchResult(
        name, value, unit, baseline, baseline == null ? null : value / baseline, null, null, note);
  }

  /** A benchmark that failed: never hidden, always a miss. */
  static BenchResult failed(String name, Throwable error) {
    String message = error.getClass().getSimpleName() + ": " + error.getMessage();
    return new BenchResult(
        name,
        null,
        "",
        null,
        null,
        "runs",
        false,
        "failed: " + message + "; see the log in the output directory");
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    // Enough digits that a value just past its target never prints as the target itself.
    String format = Math.abs(value) >= 1_000 ? "%.0f" : Math.abs(value) >= 100 ? "%.1f" : "%.2f";
    return String.format(java.util.Locale.ROOT, format, value);
  }
}
