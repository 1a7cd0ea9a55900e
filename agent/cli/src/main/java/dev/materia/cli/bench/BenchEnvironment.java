package dev.materia.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * What the benchmarks share: the embedded PostgreSQL, one control plane in its own process (started
 * on first use), the work directory, and whether this is a {@code --quick} run.
 */
final class BenchEnvironment implements AutoCloseable {
  private final Path work;
  private final Path logs;
  private final boolean quick;
  private final PrintWriter out;
  private final BenchDatabase database;
  private ControlPlaneProcess controlPlane;

  private BenchEnvironment(
      Path work, Path logs, boolean quick, PrintWriter out, BenchDatabase database) {
    this.work = work;
    this.logs = logs;
    this.quick = quick;
    this.out = out;
    this.database = database;
  }

  /**
   * @param work scratch space (database, agents), deleted afterwards by the caller
   * @param logs where the control planes' output goes
   */
  static BenchEnvironment start(Path work, Path logs, boolean quick, PrintWriter out)
      throws IOException, SQLException {
    out.println("bench: starting embedded PostgreSQL");
    out.flush();
    return new BenchEnvironment(
        work, logs, quick, out, BenchDatabase.start(work.resolve("postgres")));
  }

  boolean quick() {
    return quick;
  }

  /** {@code full} normally, {@code quick} with {@code --quick}. */
  int size(int full, int quick) {
    return this.quick ? quick : full;
  }

  Path work() {
    return work;
  }

  /** Where the control planes' output and other benchmarks' logs go. */
  Path logs() {
    return logs;
  }

  BenchDatabase database() {
    return database;
  }

  void log(String format, Object... args) {
    out.printf("bench: " + format + "%n", args);
    out.flush();
  }

  /** The shared control plane, started on first use. */
  synchronized ControlPlaneProcess controlPlane() throws IOException, InterruptedException {
    if (controlPlane == null) {
      log("starting the control plane (subprocess)");
      controlPlane =
          ControlPlaneProcess.start(
              database,
              logs.resolve("control-plane.log"),
              Map.of("datasources.default.maximum-pool-size", 20));
    }
    return controlPlane;
  }

  /** Another control plane process on the same database; the caller closes it. */
  ControlPlaneProcess startControlPlane(String logName, Map<String, Object> extra)
      throws IOException, InterruptedException {
    return ControlPlaneProcess.start(database, logs.resolve(logName + ".log"), extra);
  }

  @Override
  public void close() throws IOException {
    try {
      if (controlPlane != null) {
        controlPlane.close();
      }
    } finally {
      database.close();
    }
  }
}
