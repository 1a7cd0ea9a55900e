package dev.materia.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.AgentConfig;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlane;
import dev.materia.agent.client.EventBatchSender;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.location.CodeLocationClassLoader;
import dev.materia.agent.location.CodeLocationLoading;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.run.InProcessLauncher;
import dev.materia.agent.run.LaunchedRun;
import dev.materia.agent.run.RunFiles;
import dev.materia.agent.run.RunLauncher;
import dev.materia.agent.run.SubprocessLauncher;
import dev.materia.agent.run.WorkerSettings;
import dev.materia.agent.spool.BatchLimits;
import dev.materia.api.RunEvent;
import dev.materia.api.StepStarted;
import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.EventBatchAck;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.SnapshotAck;
import dev.materia.api.agent.WorkResponse;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times a launcher alone: from its {@code launch()} call to the run's first {@code StepStarted}
 * (the worker's timestamp), with no control plane: events go to a sink that acknowledges
 * everything, in the JVM for in-process runs and over loopback HTTP for subprocess workers, so each
 * run ends as it would in production. The {@code launch_to_first_step} benchmark reports it.
 */
final class LaunchToFirstStep {
  private static final Duration FIRST_STEP_TIMEOUT = Duration.ofSeconds(60);

  private LaunchToFirstStep() {}

  /** Durations measured for one thing, in the order measured. */
  record Samples(String what, List<Duration> values) {
    public Samples {
      Objects.requireNonNull(what, "what == null");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("no samples of " + what);
      }
    }

    public Duration p50() {
      return percentile(0.50);
    }

    public Duration p95() {
      return percentile(0.95);
    }

    public Duration min() {
      return sorted().getFirst();
    }

    public Duration max() {
      return sorted().getLast();
    }

    private Duration percentile(double p) {
      List<Duration> sorted = sorted();
      int index = (int) Math.ceil(p * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private List<Duration> sorted() {
      return values.stream().sorted().toList();
    }

    @Override
    public String toString() {
      return "%s: p50 %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms (n=%d)"
          .formatted(
              what, millis(p50()), millis(p95()), millis(min()), millis(max()), values.size());
    }

    private static double millis(Duration d) {
      return d.toNanos() / 1e6;
    }
  }

  /**
   * Launches {@code warmup} unmeasured runs, then {@code runs} measured ones, of {@code selection}
   * from the code location at {@code artifact} (a jar, a directory of jars or a class folder).
   */
  static Samples measure(
      AgentConfig.Launcher launcher,
      Path artifact,
      String selection,
      int warmup,
      int runs,
      Path workDir)
      throws IOException, InterruptedException {
    return measure(launcher, artifact, selection, warmup, runs, workDir, List.of());
  }

  /**
   * Like {@link #measure(AgentConfig.Launcher, Path, String, int, int, Path)}, with options for
   * each worker JVM.
   */
  static Samples measure(
      AgentConfig.Launcher launcher,
      Path artifact,
      String selection,
      int warmup,
      int runs,
      Path workDir,
      List<String> workerJvmOptions)
      throws IOException, InterruptedException {
    return measure(launcher, artifact, selection, warmup, runs, workDir, workerJvmOptions, true);
  }

  /**
   * Like {@link #measure(AgentConfig.Launcher, Path, String, int, int, Path, List)}; {@code
   * standby} false keeps the subprocess launcher from starting a spare worker, so every launch
   * starts a cold JVM.
   */
  static Samples measure(
      AgentConfig.Launcher launcher,
      Path artifact,
      String selection,
      int warmup,
      int runs,
      Path workDir,
      List<String> workerJvmOptions,
      boolean standby)
      throws IOException, InterruptedException {
    Objects.requireNonNull(launcher, "launcher == null");
    Objects.requireNonNull(artifact, "artifact == null");
    Objects.requireNonNull(selection, "selection == null");
    if (warmup < 0 || runs < 1) {
      throw new IllegalArgumentException(
          "need warmup >= 0 and runs >= 1 but got " + warmup + " and " + runs);
    }
    Path runsRoot = Files.createDirectories(workDir.resolve("runs"));
    Path storage = Files.createDirectories(workDir.resolve("storage"));
    ObjectMapper json = WireJson.mapper();
    Sink sink = new Sink(json, new java.util.concurrent.ConcurrentHashMap<>());
    com.sun.net.httpserver.HttpServer http = sink.serve();
    RunLauncher runLauncher =
        switch (launcher) {
          case IN_PROCESS ->
              new InProcessLauncher(
                  runsRoot,
                  sink,
                  new WorkerSettings(
                      BatchLimits.DEFAULT, Backoff.DEFAULT, Duration.ofSeconds(5), storage),
                  json);
          case SUBPROCESS -> {
            var builder =
                SubprocessLauncher.builder(
                        runsRoot,
                        URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/"))
                    .storage(storage)
                    .terminateGrace(Duration.ofSeconds(2))
                    .standby(standby);
            workerJvmOptions.forEach(builder::jvmOption);
            yield builder.build();
          }
        };
    LoadedCodeLocation location =
        CodeLocationLoading.load(
            "bench",
            "bench",
            "bench",
            CodeLocationClassLoader.classpath(artifact),
            LaunchToFirstStep.class.getClassLoader());
    List<Duration> samples = new ArrayList<>();
    try {
      for (int i = 0; i < warmup + runs; i++) {
        Duration sample = once(runLauncher, standby, location, selection, runsRoot, sink, json);
        if (i >= warmup) {
          samples.add(sample);
        }
      }
    } finally {
      location.release();
      http.stop(0);
      if (runLauncher instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IOException("closing the " + runLauncher.name() + " launcher failed", e);
        }
      }
    }
    return new Samples(
        "launch -> first step, "
            + launcher.label()
            + (launcher == AgentConfig.Launcher.SUBPROCESS && !standby ? " (no spare)" : "")
            + (workerJvmOptions.isEmpty() ? "" : " " + String.join(" ", workerJvmOptions)),
        samples);
  }

  private static Duration once(
      RunLauncher launcher,
      boolean standby,
      LoadedCodeLocation location,
      String selection,
      Path runsRoot,
      Sink sink,
      ObjectMapper json)
      throws IOException, InterruptedException {
    String runId = UUID.randomUUID().toString();
    LaunchRun launch =
        new LaunchRun(
            "w-" + runId,
            runId,
            "bench",
            "bench",
            "bench",
            selection,
            null,
            null,
            Map.of(),
            "mtr_bench");
    if (launcher instanceof SubprocessLauncher subprocess && standby) {
      // Launches come one at a time in an agent: give the spare time to warm up, as it would have.
      long warm = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!subprocess.spareReady() && System.nanoTime() < warm) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
    }
    if (!location.acquire()) {
      throw new IllegalStateException("the bench code location was closed");
    }
    Instant launched = Instant.now();
    LaunchedRun run = launcher.launch(launch, location);
    Path spool = RunFiles.of(runsRoot, runId).spool();
    long deadline = System.nanoTime() + FIRST_STEP_TIMEOUT.toNanos();
    Instant firstStep = null;
    while (firstStep == null) {
      if (System.nanoTime() > deadline) {
        run.terminate("no step started within " + FIRST_STEP_TIMEOUT);
        throw new IllegalStateException(
            "run " + runId + " started no step within " + FIRST_STEP_TIMEOUT + "; see " + spool);
      }
      // In-process runs ship to the sink at once (and drop their spool); workers keep theirs.
      firstStep = sink.firstSteps().get(runId);
      if (firstStep == null) {
        firstStep = firstStepStarted(spool, json);
      }
      if (firstStep == null) {
        TimeUnit.MILLISECONDS.sleep(1);
      }
    }
    if (!run.awaitDone(Duration.ofSeconds(60))) {
      run.terminate("the benchmark run did not end within 60 s");
    }
    return Duration.between(launched, firstStep);
  }

  /** The timestamp of the first StepStarted in a spool's segments, or null when none is there. */
  private static Instant firstStepStarted(Path spool, ObjectMapper json) throws IOException {
    if (!Files.isDirectory(spool)) {
      return null;
    }
    List<Path> segments;
    try (Stream<Path> files = Files.list(spool)) {
      segments =
          files
              .filter(f -> f.getFileName().toString().startsWith("events-"))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    } catch (java.nio.file.NoSuchFileException gone) {
      return null;
    }
    for (Path segment : segments) {
      String text;
      try {
        text = Files.readString(segment, StandardCharsets.UTF_8);
      } catch (java.nio.file.NoSuchFileException gone) {
        continue;
      }
      // Lines are "<crc32> <seq> <event json>"; a line still being written has no newline yet.
      int start = 0;
      for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        String line = text.substring(start, end);
        start = end + 1;
        if (!line.contains("\"step_started\"")) {
          continue;
        }
        int second = line.indexOf(' ', line.indexOf(' ') + 1);
        RunEvent event = json.readValue(line.substring(second + 1), RunEvent.class);
        if (event instanceof StepStarted started) {
          return started.timestamp();
        }
      }
    }
    return null;
  }

  /**
   * Spawn → exit of {@code java -cp <this JVM's classpath>} running an empty main: the yardstick
   * the subprocess launcher is compared with.
   */
  static Samples bareJvmStart(int warmup, int runs) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Duration> samples = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(
                  java, "-cp", System.getProperty("java.class.path"), Empty.class.getName())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      int exit = process.waitFor();
      long took = System.nanoTime() - start;
      if (exit != 0) {
        throw new IllegalStateException("the bare JVM exited with " + exit);
      }
      if (i >= warmup) {
        samples.add(Duration.ofNanos(took));
      }
    }
    return new Samples("bare JVM start (spawn -> exit)", samples);
  }

  /** The empty main of {@link #bareJvmStart}. */
  public static final class Empty {
    private Empty() {}

    public static void main(String[] args) {
      // Nothing: the measured cost is starting and stopping the JVM.
    }
  }

  /**
   * A control plane that only acknowledges events, so in-process runs finish at once, noting each
   * run's first StepStarted timestamp.
   */
  private record Sink(ObjectMapper json, Map<String, Instant> firstSteps) implements ControlPlane {
    @Override
    public WorkResponse pollWork(Duration wait) {
      throw new UnsupportedOperationException("the benchmark sink takes events only");
    }

    @Override
    public void heartbeat(AgentHeartbeat heartbeat) {
      throw new UnsupportedOperationException("the benchmark sink takes events only");
    }

    @Override
    public SnapshotAck uploadSnapshot(String deployment, CodeLocationSnapshot snapshot) {
      throw new UnsupportedOperationException("the benchmark sink takes events only");
    }

    @Override
    public EventBatchSender events(String token) {
      return events();
    }

    /** Serves {@code POST /api/agent/v1/runs/{runId}/events} on a loopback port for workers. */
    com.sun.net.httpserver.HttpServer serve() throws IOException {
      var server =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/api/agent/v1/runs/",
          exchange -> {
            try (exchange) {
              String[] path = exchange.getRequestURI().getPath().split("/");
              byte[] answer =
                  json.writeValueAsBytes(
                      events().send(path[5], exchange.getRequestBody().readAllBytes()));
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, answer.length);
              exchange.getResponseBody().write(answer);
            }
          });
      server.start();
      return server;
    }

    @Override
    public EventBatchSender events() {
      return (runId, body) -> {
        JsonNode events = json.readTree(body).get("events");
        for (JsonNode event : events) {
          if ("step_started".equals(event.path("type").asText())) {
            firstSteps.putIfAbsent(runId, Instant.parse(event.get("timestamp").asText()));
          }
        }
        long last = events.isEmpty() ? 0 : events.get(events.size() - 1).get("seq").asLong();
        return new EventBatchAck(runId, Math.max(1, last), List.of());
      };
    }
  }
}
