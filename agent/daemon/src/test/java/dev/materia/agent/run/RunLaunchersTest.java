package dev.materia.agent.run;

import static dev.materia.agent.testing.RunAssertions.assertWholeRun;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.location.CodeLocationClassLoader;
import dev.materia.agent.location.CodeLocationLoading;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.spool.BatchLimits;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.AssetMaterialized;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.PartitionRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launchers run real launches: each run is created through the real control plane's REST API and
 * claimed with the agent token, so its events go to real ingestion with the run's own token.
 */
class RunLaunchersTest {
  @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();

  private static final Duration BOUND = Duration.ofSeconds(60);
  @TempDir static Path locations;
  private static ControlPlaneClient client;
  private static Path slowJar;

  @TempDir Path dir;
  private WorkerSettings settings;

  private static Path alphaJar;
  private static Path betaJar;

  @BeforeAll
  static void registerLocations() throws Exception {
    client = controlPlane.client();
    slowJar = LocationJars.gated(locations, "slow", 1, locations.resolve("never-opened"));
    alphaJar = LocationJars.alpha(locations);
    betaJar = LocationJars.beta(locations);
    // alpha before beta: beta's snapshot names alpha's xa/numbers.
    for (var location :
        List.of(
            java.util.Map.entry("seed", LocationJars.seed()),
            java.util.Map.entry("slow", slowJar),
            java.util.Map.entry("alpha", alphaJar),
            java.util.Map.entry("beta", betaJar))) {
      controlPlane.registerLocation(location.getKey(), location.getValue(), "v1");
      client.uploadSnapshot("prod", load(location.getKey(), location.getValue()).snapshot());
    }
  }

  @BeforeEach
  void start() {
    settings =
        new WorkerSettings(
            new BatchLimits(100, 1 << 20, Duration.ofMillis(20)),
            new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), 2),
            Duration.ofSeconds(30),
            dir.resolve("storage"));
  }

  /** A launch of {@code selection}, created through the REST API and claimed as an agent does. */
  private static LaunchRun launch(String selection) {
    return claim("{\"selection\":\"" + selection + "\"}");
  }

  private static LaunchRun claim(String body) {
    return controlPlane.claimLaunch(client, controlPlane.launchWith(body));
  }

  private static LoadedCodeLocation load(String name, Path artifact) {
    return CodeLocationLoading.load(
        "prod",
        name,
        "v1",
        CodeLocationClassLoader.classpath(artifact),
        RunLaunchersTest.class.getClassLoader());
  }

  private static LoadedCodeLocation seed() {
    return load("seed", LocationJars.seed());
  }

  private static LoadedCodeLocation slow() {
    return load("slow", slowJar);
  }

  private InProcessLauncher inProcess() {
    return new InProcessLauncher(dir.resolve("runs"), client, settings, WireJson.mapper());
  }

  private final List<SubprocessLauncher> launchers = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeLaunchers() {
    launchers.forEach(SubprocessLauncher::close);
  }

  private SubprocessLauncher subprocess() {
    return subprocess(true);
  }

  private SubprocessLauncher subprocess(boolean standby) {
    SubprocessLauncher launcher =
        SubprocessLauncher.builder(dir.resolve("runs"), controlPlane.url())
            .caFile(controlPlane.caFile())
            .storage(dir.resolve("storage"))
            .terminateGrace(Duration.ofSeconds(20))
            .standby(standby)
            .build();
    launchers.add(launcher);
    return launcher;
  }

  @Test
  void inProcessRunMaterializesTheSelectionAndShipsEveryEventWithTheRunToken() throws Exception {
    LaunchRun launch = launch("*sales_summary");

    LaunchedRun run = inProcess().launch(launch, seed());

    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(events)
        .filteredOn(AssetMaterialized.class::isInstance)
        .extracting(e -> ((AssetMaterialized) e).assetKey())
        .contains("sales_summary");
    assertThat(controlPlane.status(launch.runId())).isEqualTo(RunStatus.SUCCESS);
    assertThat(RunFiles.of(dir.resolve("runs"), launch.runId()).spool()).doesNotExist();
  }

  @Test
  void subprocessRunAcrossTwoCodeLocationsLoadsEachStageAndEndsAsOneRun() throws Exception {
    LaunchRun launch = launch("*xb/total");
    assertThat(launch.stages())
        .extracting(dev.materia.api.agent.RunStage::codeLocation)
        .containsExactly("alpha", "beta");

    LaunchedRun run =
        subprocess(false)
            .launchStages(launch, List.of(load("alpha", alphaJar), load("beta", betaJar)));

    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(events)
        .filteredOn(AssetMaterialized.class::isInstance)
        .extracting(e -> ((AssetMaterialized) e).assetKey())
        .containsExactly("xa/numbers", "xb/total");
  }

  @Test
  void runWhoseSelectionTheLoadedLocationLacksFailsWithTheRuntimeMessage() throws Exception {
    LaunchRun claimed = launch("raw_sales_data");
    // The agent holds another version of the location than the one the run was created against.
    LaunchRun launch =
        new LaunchRun(
            claimed.id(),
            claimed.runId(),
            claimed.deployment(),
            claimed.codeLocation(),
            claimed.codeLocationVersion(),
            "no_such_asset",
            null,
            null,
            claimed.tags(),
            claimed.runToken());

    LaunchedRun run = inProcess().launch(launch, seed());

    assertThat(run.awaitDone(BOUND)).isTrue();
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.FAILURE);
    assertThat(events)
        .filteredOn(LogLine.class::isInstance)
        .extracting(e -> ((LogLine) e).message())
        .anySatisfy(m -> assertThat(m).contains("no_such_asset"));
  }

  @Test
  void launchForAnUnloadedLocationStillStartsAndFinishesTheRun() throws Exception {
    LaunchRun launch = launch("raw_sales_data");

    LaunchedRun run =
        new UnstartedRuns(dir.resolve("runs"), client, settings, WireJson.mapper())
            .fail(launch, "code location seed is not loaded on this agent");

    assertThat(run.awaitDone(BOUND)).isTrue();
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.FAILURE);
    assertThat(((RunFinished) events.getLast()).message()).contains("is not loaded");
  }

  @Test
  void partitionRangeRunsEveryKeyAsOneRun() throws Exception {
    LaunchRun launch =
        claim(
            "{\"selection\":\"daily_features\","
                + "\"partitionRange\":{\"first\":\"2024-01-01\",\"last\":\"2024-01-03\"}}");
    assertThat(launch.partitionRange()).isEqualTo(new PartitionRange("2024-01-01", "2024-01-03"));

    LaunchedRun run = inProcess().launch(launch, seed());

    assertThat(run.awaitDone(BOUND)).isTrue();
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(events).filteredOn(RunStarted.class::isInstance).hasSize(1);
    assertThat(((RunStarted) events.getFirst()).partitionKey())
        .isEqualTo("2024-01-01...2024-01-03");
    assertThat(events)
        .filteredOn(AssetMaterialized.class::isInstance)
        .extracting(e -> ((AssetMaterialized) e).partitionKey())
        .containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
  }

  @Test
  void terminateCancelsAnInProcessRun() throws Exception {
    LaunchRun launch = launch("slow*");
    LaunchedRun run = inProcess().launch(launch, slow());
    await("the slow step", BOUND, () -> started(launch.runId(), "slow"));

    run.terminate("canceled by ada");

    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.CANCELED);
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.CANCELED);
    assertThat(events)
        .filteredOn(LogLine.class::isInstance)
        .extracting(e -> ((LogLine) e).message())
        .contains("terminate requested: canceled by ada");
  }

  @Test
  void terminateRightAfterAnInProcessLaunchStillEndsCanceledWithEveryEvent() throws Exception {
    // The interrupt lands while the worker is still writing its first events to the spool.
    LaunchRun launch = launch("slow*");
    LaunchedRun run = inProcess().launch(launch, slow());

    run.terminate("canceled by ada");

    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.CANCELED);
    assertWholeRun(controlPlane.events(launch.runId()), RunStatus.CANCELED);
    assertThat(controlPlane.status(launch.runId())).isEqualTo(RunStatus.CANCELED);
  }

  @Test
  void subprocessRunShipsItsOwnEventsAndKeepsComputeLogsOnTheAgent() throws Exception {
    LaunchRun launch = launch("*sales_summary");

    LaunchedRun run = subprocess().launch(launch, seed());

    assertThat(run.awaitDone(BOUND)).isTrue();
    RunFiles files = RunFiles.of(dir.resolve("runs"), launch.runId());
    assertThat(run.status()).as(Files.readString(files.stderr())).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(events.get(1))
        .isInstanceOfSatisfying(
            LogLine.class,
            line -> {
              assertThat(line.level()).isEqualTo(LogLevel.INFO);
              assertThat(line.message()).contains(files.stdout().toUri().toString());
            });
    assertThat(controlPlane.status(launch.runId())).isEqualTo(RunStatus.SUCCESS);
    assertThat(Files.readString(files.stderr()))
        .contains("run " + launch.runId() + " ended SUCCESS");
    assertThat(Files.readString(files.spec())).doesNotContain(launch.runToken());
  }

  @Test
  void spareWorkerTakesTheRunAndTheNextSpareWaitsWhileWithoutSparesAWorkerStartsCold()
      throws Exception {
    SubprocessLauncher withSpare = subprocess();
    await("a warm spare", BOUND, withSpare::spareReady);
    LaunchRun first = launch("raw_sales_data");
    LaunchedRun run = withSpare.launch(first, seed());
    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    RunFiles files = RunFiles.of(dir.resolve("runs"), first.runId());
    assertThat(Files.readString(files.stderr()))
        .contains("run " + first.runId() + " ended SUCCESS");
    await("the next spare", BOUND, withSpare::spareReady);

    LaunchRun second = launch("raw_sales_data");
    LaunchedRun cold = subprocess(false).launch(second, seed());

    assertThat(cold.awaitDone(BOUND)).isTrue();
    assertThat(cold.status()).isEqualTo(RunStatus.SUCCESS);
    assertWholeRun(controlPlane.events(second.runId()), RunStatus.SUCCESS);
    withSpare.close();
    assertThat(withSpare.spareReady()).isFalse();
    try (var left = Files.list(dir.resolve("runs"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".spare-"));
    }
  }

  @Test
  void terminateStopsASubprocessRunAndReportsCanceled() throws Exception {
    LaunchRun launch = launch("slow*");
    LaunchedRun run = subprocess().launch(launch, slow());
    await("the slow step", BOUND, () -> started(launch.runId(), "slow"));

    run.terminate("canceled by ada");

    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.CANCELED);
    await(
        "the run's last event",
        BOUND,
        () ->
            !controlPlane.events(launch.runId()).isEmpty()
                && controlPlane.events(launch.runId()).getLast() instanceof RunFinished);
    assertWholeRun(controlPlane.events(launch.runId()), RunStatus.CANCELED);
    RunFiles files = RunFiles.of(dir.resolve("runs"), launch.runId());
    assertThat(Files.readString(files.stdout())).contains("slow is waiting at the gate");
  }

  private static boolean started(String runId, String stepKey) {
    return controlPlane.stepStarted(runId, stepKey);
  }
}
