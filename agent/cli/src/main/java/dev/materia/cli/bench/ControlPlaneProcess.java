package dev.materia.cli.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The control plane in a JVM of its own, so its start time and resident memory are its own. Under
 * {@code ./materia} it starts the way {@code ./materia control-plane} does (that script, with the
 * CLI's jars and its AOT cache: the first start after a build records the cache, later ones use
 * it); without the script (tests) it is {@code java -cp <this classpath>}.
 */
final class ControlPlaneProcess implements AutoCloseable {
  private final Process process;
  private final URI uri;
  private final double readyMillis;
  private final double readyCpuSeconds;

  private ControlPlaneProcess(
      Process process, URI uri, double readyMillis, double readyCpuSeconds) {
    this.process = process;
    this.uri = uri;
    this.readyMillis = readyMillis;
    this.readyCpuSeconds = readyCpuSeconds;
  }

  /**
   * Starts it on a free port against {@code database} and waits for {@code GET /health/ready}.
   *
   * @param extra further configuration, e.g. the connection pool size
   */
  static ControlPlaneProcess start(BenchDatabase database, Path log, Map<String, Object> extra)
      throws IOException, InterruptedException {
    int port = freePort();
    Map<String, Object> properties = new TreeMap<>();
    properties.put("micronaut.server.port", port);
    properties.put("datasources.default.url", database.jdbcUrl());
    properties.put("datasources.default.username", BenchDatabase.APPLICATION_ROLE);
    properties.put("datasources.default.password", BenchDatabase.APPLICATION_PASSWORD);
    properties.put("flyway.datasources.default.url", database.jdbcUrl());
    properties.put("flyway.datasources.default.user", "postgres");
    properties.put("flyway.datasources.default.password", "");
    properties.put("materia.session.secret", "YmVuY2gtc2Vzc2lvbi1zZWNyZXQtMzItYnl0ZXMtbG9uZw==");
    properties.put("materia.session.secure-cookie", false);
    properties.put("materia.public-url", "http://localhost:" + port);
    properties.putAll(extra);
    String opts = System.getenv().getOrDefault("MATERIA_BENCH_CONTROL_PLANE_OPTS", "").trim();
    List<String> command = new ArrayList<>();
    ProcessBuilder builder = new ProcessBuilder(command);
    if (script() != null) {
      String script = script();
      command.add(script);
      command.add("control-plane");
      properties.forEach((key, value) -> command.add("--" + key + "=" + value));
      builder.environment().put("MATERIA_SKIP_BUILD", "1");
      builder.environment().put("MATERIA_JAVA_OPTS", opts);
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      if (!opts.isEmpty()) {
        command.addAll(List.of(opts.split("\\s+")));
      }
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("dev.materia.controlplane.ControlPlane");
    }
    Files.createDirectories(log.getParent());
    long t0 = System.nanoTime();
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    URI uri = URI.create("http://localhost:" + port + "/");
    Http http = Http.to(uri);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the control plane exited with " + process.exitValue() + " during start; see " + log);
      }
      try {
        if (http.get("health/ready").statusCode() == 200) {
          break;
        }
      } catch (RuntimeException notYet) {
        // connection refused until the server listens
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("the control plane was not ready within 120 s; see " + log);
      }
      Thread.sleep(5);
    }
    double readyMillis = Stats.millisSince(t0);
    return new ControlPlaneProcess(process, uri, readyMillis, cpuSeconds(process.pid()));
  }

  /** How {@link #start} starts it, for the bench's notes. */
  static String launch() {
    return script() != null
        ? "started as ./materia control-plane (the CLI's jars and the JDK AOT cache, which a"
            + " warm-up start records when it is missing)"
        : "started as java -cp <the test's classpath> (not under ./materia: no AOT cache)";
  }

  private static String script() {
    String script = System.getProperty("materia.script");
    return script != null && Files.isExecutable(Path.of(script)) ? script : null;
  }

  URI uri() {
    return uri;
  }

  Http http() {
    return Http.to(uri);
  }

  /** Process start until {@code /health/ready} answered 200. */
  double readyMillis() {
    return readyMillis;
  }

  /**
   * CPU time (user + system, all threads) the process had used when it was ready: what the start
   * costs regardless of how many cores other work leaves it.
   */
  double readyCpuSeconds() {
    return readyCpuSeconds;
  }

  /** CPU time (user + system) the process has used so far. */
  double cpuSeconds() throws IOException {
    return cpuSeconds(process.pid());
  }

  /** From {@code /proc/PID/stat}: utime and stime, in clock ticks of 1/100 s. */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    // Fields after the command name, which is in parentheses and may contain spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** Resident set size in MiB, from {@code /proc/PID/status}. */
  double rssMiB() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      // A start that recorded the AOT cache writes it while exiting: a few seconds more.
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
