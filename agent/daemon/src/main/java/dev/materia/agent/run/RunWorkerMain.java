package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.EgressLedger;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.location.CodeLocationLoadException;
import dev.materia.agent.location.CodeLocationLoading;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.spool.BatchLimits;
import dev.materia.agent.spool.EventShipper;
import dev.materia.agent.spool.EventSpool;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The entry point of a subprocess run worker: {@code java -cp <agent classpath>
 * dev.materia.agent.run.RunWorkerMain <run dir>}.
 *
 * <p>It reads {@code spec.json} from the run directory and takes the rest from its environment:
 * {@value #TOKEN} (the run token, kept off the command line), {@value #URL}, and optionally {@value
 * #CA_FILE}, {@value #LEDGER} and {@value #STORAGE}. It loads the code location in an isolated
 * class loader, runs, ships events, and exits 0 on SUCCESS, 1 on FAILURE, 3 on CANCELED. SIGTERM
 * cancels the run and lets it finish its events first.
 *
 * <p>Started as {@code RunWorkerMain --standby <dir>}, it is a spare the launcher starts ahead of
 * need: it loads and initializes the worker's classes, then waits for two lines on stdin, the run
 * directory and the run token, and runs that run; it exits quietly when stdin closes first.
 */
public final class RunWorkerMain {
  static final String TOKEN = "MATERIA_RUN_TOKEN";
  static final String URL = "MATERIA_URL";
  static final String CA_FILE = "MATERIA_CA_FILE";
  static final String LEDGER = "MATERIA_EGRESS_LEDGER";
  static final String STORAGE = "MATERIA_STORAGE";
  static final int EXIT_CANCELED = 3;
  static final String STANDBY = "--standby";

  /** The file a spare writes into its directory once it is warm. */
  static final String READY = "ready";

  private RunWorkerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals(STANDBY)) {
      standBy();
      return;
    }
    if (args.length != 1) {
      System.err.println("usage: RunWorkerMain <run dir> | RunWorkerMain --standby <dir>");
      System.exit(2);
    }
    String token = required(TOKEN);
    run(Path.of(args[0]), token, client(token));
  }

  /** The client for this worker's events; {@code events(token)} picks the token per call. */
  private static ControlPlaneClient client(String token) throws java.io.IOException {
    var client = ControlPlaneClient.builder(URI.create(required(URL)), token);
    String ca = System.getenv(CA_FILE);
    if (ca != null && !ca.isBlank()) {
      client.extraCaFile(Path.of(ca));
    }
    String ledger = System.getenv(LEDGER);
    if (ledger != null && !ledger.isBlank()) {
      client.egressLedger(new EgressLedger(Path.of(ledger), Clock.systemUTC()));
    }
    return client.build();
  }

  /** Warms up, then runs the run named on stdin; exits 0 when stdin closes before that. */
  private static void standBy() throws Exception {
    // Built ahead with a placeholder: the run's token is given to each events call.
    ControlPlaneClient client = client("mtr_standby");
    warmUp();
    try {
      // Relative, so it lands in the working directory even after the launcher renamed it.
      java.nio.file.Files.writeString(Path.of(READY), "");
    } catch (java.io.IOException e) {
      // Only a hint for the launcher; the run goes on without it.
    }
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String runDir = in.readLine();
    String token = in.readLine();
    if (runDir == null || token == null || runDir.isBlank() || token.isBlank()) {
      System.exit(0);
    }
    run(Path.of(runDir), token.strip(), client);
  }

  /** Loads and initializes what every run needs, so a spare starts its run at once. */
  private static void warmUp() throws Exception {
    ObjectMapper json = WireJson.mapper();
    RunEvent event =
        new LogLine("standby", 1, Instant.now(), null, LogLevel.INFO, "warming up the worker");
    json.readValue(json.writeValueAsBytes(event), RunEvent.class);
    json.readValue(
        json.writeValueAsBytes(
            new RunSpec(
                "r",
                "w",
                "d",
                "l",
                null,
                "s",
                null,
                null,
                java.util.Map.of(),
                java.util.List.of(),
                java.util.List.of())),
        RunSpec.class);
    // One tiny run through the runtime, in memory, initializes the engine, planner and events.
    dev.materia.runtime.Materializer.materialize(
        dev.materia.sdk.Definitions.builder().assets(WarmUp.class).build(), "*", null);
    for (Class<?> type :
        List.of(
            RunWorker.class,
            EventShipper.class,
            EventSpool.class,
            CodeLocationLoading.class,
            dev.materia.runtime.Materializer.class,
            dev.materia.runtime.load.DefinitionsLoader.class,
            dev.materia.runtime.execution.Engine.class,
            dev.materia.runtime.plan.Planner.class)) {
      Class.forName(type.getName(), true, RunWorkerMain.class.getClassLoader());
    }
  }

  /** The asset of the spare's warm-up run. */
  public static final class WarmUp {
    private WarmUp() {}

    @dev.materia.sdk.Asset
    public static int workerWarmUp() {
      return 1;
    }
  }

  private static void run(Path runDir, String token, ControlPlaneClient client) throws Exception {
    RunFiles files = new RunFiles(runDir);
    ObjectMapper json = WireJson.mapper();
    RunSpec spec = json.readValue(files.spec().toFile(), RunSpec.class);
    String storage = System.getenv(STORAGE);
    WorkerSettings settings =
        new WorkerSettings(
            BatchLimits.DEFAULT,
            Backoff.DEFAULT,
            Duration.ofSeconds(30),
            storage == null || storage.isBlank()
                ? files.dir().resolve("storage")
                : Path.of(storage));
    note("run " + spec.runId() + " starting in process " + ProcessHandle.current().pid());

    List<RunSpec.Stage> parts =
        spec.staged()
            ? spec.stages()
            : List.of(
                new RunSpec.Stage(
                    spec.codeLocation(),
                    spec.codeLocationVersion(),
                    spec.selection(),
                    spec.classpath()));
    // Each location in its own class loader; the first that cannot load fails the run.
    List<RunWorker.StageCode> code = new java.util.ArrayList<>();
    String loadError = null;
    for (RunSpec.Stage part : parts) {
      try {
        LoadedCodeLocation location =
            CodeLocationLoading.loadForRun(
                spec.deployment(),
                part.codeLocation(),
                part.codeLocationVersion() == null ? "unknown" : part.codeLocationVersion(),
                part.classpath().stream().map(Path::of).toList(),
                RunWorkerMain.class.getClassLoader());
        code.add(new RunWorker.StageCode(location.definitions(), location.classLoader()));
      } catch (CodeLocationLoadException e) {
        loadError =
            spec.staged()
                ? e.getMessage()
                : "code location " + part.codeLocation() + " failed to load: " + e.getMessage();
        break;
      }
    }
    RunWorker worker =
        RunWorker.start(
            spec,
            loadError == null ? code : null,
            loadError,
            files,
            client.events(token),
            settings,
            json,
            files.computeLogsNote());
    awaitExit(spec, worker);
  }

  private static void awaitExit(RunSpec spec, RunWorker worker) throws Exception {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (!worker.isDone()) {
                    worker.cancel("the run's worker process was asked to stop");
                    try {
                      worker.await(Duration.ofSeconds(20));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                },
                "materia-worker-stop"));
    RunStatus status = worker.await();
    note("run " + spec.runId() + " ended " + status);
    System.exit(
        switch (status) {
          case SUCCESS -> 0;
          case CANCELED -> EXIT_CANCELED;
          default -> 1;
        });
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      System.err.println("materia run worker: environment variable " + variable + " is not set");
      System.exit(2);
    }
    return value;
  }

  /** Worker notes go to stderr, which the launcher keeps as the run's compute log. */
  private static void note(String message) {
    System.err.println(Instant.now() + " materia run worker: " + message);
  }
}
