package dev.materia.cli.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of measured durations, in milliseconds. */
final class Stats {
  private Stats() {}

  /** The nearest-rank percentile {@code p} (0..1] of {@code millis}. */
  static double percentile(double[] millis, double p) {
    if (millis.length == 0) {
      throw new IllegalArgumentException("no samples for percentile " + p);
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  static double median(double[] millis) {
    return percentile(millis, 0.5);
  }

  static double median(List<Double> millis) {
    return median(millis.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
