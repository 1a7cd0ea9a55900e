package dev.materia.controlplane.bench;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs the test fixture's control plane (real PostgreSQL, real HTTP) outside JUnit. */
final class BenchControlPlane implements AutoCloseable {
  final RunningControlPlane controlPlane;
  private final ExtensionContext context;

  BenchControlPlane(Class<?> bench, Map<String, Object> properties) {
    controlPlane = new RunningControlPlane(properties);
    context =
        (ExtensionContext)
            Proxy.newProxyInstance(
                bench.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getRequiredTestClass" -> bench;
                      case "toString" -> bench.getSimpleName();
                      default -> null;
                    });
    controlPlane.beforeAll(context);
  }

  @Override
  public void close() {
    controlPlane.afterAll(context);
  }

  static long percentile(long[] sortedNanos, double p) {
    return sortedNanos[
        Math.min(sortedNanos.length - 1, (int) Math.ceil(p * sortedNanos.length) - 1)];
  }

  static String micros(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return "p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)"
        .formatted(
            percentile(sorted, 0.50) / 1e6,
            percentile(sorted, 0.99) / 1e6,
            sorted[sorted.length - 1] / 1e6,
            sorted.length);
  }
}
