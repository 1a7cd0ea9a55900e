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
import dev.materia.api.RunStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The entry point of a subprocess run worker: {@code java -cp <agent classpath>
 * dev.materia.agent.run.RunWorkerMain <run dir>}.
 *
 * <p>It reads {@code spec.json} from the run directory and takes the rest from its environment:
 * {@value #TOKEN} (the run token, kept off the command line), {@value #URL}, and optionally {@value
 * #CA_FILE}, {@value #LEDGER} and {@value #STORAGE}. It loads the code location in an isolated
 * class loader, runs, ships events, and exits 0 on SUCCESS, 1 on FAILURE, 3 on CANCELED. SIGTERM
 * cancels the run and lets it finish its events first.
 */
public final class RunWorkerMain {
  static final String TOKEN = "MATERIA_RUN_TOKEN";
  static final String URL = "MATERIA_URL";
  static final String CA_FILE = "MATERIA_CA_FILE";
  static final String LEDGER = "MATERIA_EGRESS_LEDGER";
  static final String STORAGE = "MATERIA_STORAGE";
  static final int EXIT_CANCELED = 3;

  private RunWorkerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: RunWorkerMain <run dir>");
      System.exit(2);
    }
    RunFiles files = new RunFiles(Path.of(args[0]));
    ObjectMapper json = WireJson.mapper();
    RunSpec spec = json.readValue(files.spec().toFile(), RunSpec.class);
    String token = required(TOKEN);
    var client = ControlPlaneClient.builder(URI.create(required(URL)), token);
    String ca = System.getenv(CA_FILE);
    if (ca != null && !ca.isBlank()) {
      client.extraCaFile(Path.of(ca));
    }
    String ledger = System.getenv(LEDGER);
    if (ledger != null && !ledger.isBlank()) {
      client.egressLedger(new EgressLedger(Path.of(ledger), Clock.systemUTC()));
    }
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

    LoadedCodeLocation location = null;
    String loadError = null;
    try {
      location =
          CodeLocationLoading.load(
              spec.deployment(),
              spec.codeLocation(),
              spec.codeLocationVersion() == null ? "unknown" : spec.codeLocationVersion(),
              spec.classpath().stream().map(Path::of).toList(),
              RunWorkerMain.class.getClassLoader());
    } catch (CodeLocationLoadException e) {
      loadError = e.getMessage();
    }
    RunWorker worker =
        RunWorker.start(
            spec,
            location == null ? null : location.definitions(),
            loadError,
            files,
            client.build().events(token),
            settings,
            json,
            files.computeLogsNote(),
            location == null ? null : location.classLoader());
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
