package dev.materia.agent.run;

import static dev.materia.agent.testing.FakeControlPlane.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.location.CodeLocationClassLoader;
import dev.materia.agent.location.CodeLocationLoading;
import dev.materia.agent.location.LoadedCodeLocation;
import dev.materia.agent.spool.BatchLimits;
import dev.materia.agent.testing.FakeControlPlane;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.AssetMaterialized;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepStarted;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.PartitionRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLaunchersTest {
  private static final String AGENT_TOKEN = "mta_agentTokenForTests0123456789";
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final AtomicInteger RUNS = new AtomicInteger();

  @TempDir Path dir;
  private FakeControlPlane controlPlane;
  private ControlPlaneClient client;
  private WorkerSettings settings;

  @BeforeEach
  void start() throws Exception {
    controlPlane = FakeControlPlane.http(AGENT_TOKEN);
    client =
        ControlPlaneClient.builder(controlPlane.url(), AGENT_TOKEN)
            .backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), 2))
            .build();
    settings =
        new WorkerSettings(
            new BatchLimits(100, 1 << 20, Duration.ofMillis(20)),
            new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), 2),
            Duration.ofSeconds(30),
            dir.resolve("storage"));
  }

  @AfterEach
  void stop() {
    controlPlane.close();
  }

  private LaunchRun launch(String selection, String partitionKey, PartitionRange range) {
    String runId = "r-" + RUNS.incrementAndGet();
    String token = "mtr_runToken" + runId.replace("-", "") + "abcdefghij";
    controlPlane.acceptToken(token);
    return new LaunchRun(
        "w-" + runId, runId, "prod", "seed", "v1", selection, partitionKey, range, Map.of(), token);
  }

  private LoadedCodeLocation load(Path artifact) {
    return CodeLocationLoading.load(
        "prod",
        "seed",
        "v1",
        CodeLocationClassLoader.classpath(artifact),
        RunLaunchersTest.class.getClassLoader());
  }

  private InProcessLauncher inProcess() {
    return new InProcessLauncher(dir.resolve("runs"), client, settings, WireJson.mapper());
  }

  private SubprocessLauncher subprocess() {
    return SubprocessLauncher.builder(dir.resolve("runs"), controlPlane.url())
        .storage(dir.resolve("storage"))
        .terminateGrace(Duration.ofSeconds(20))
        .build();
  }

  private static void assertWholeRun(List<RunEvent> events, RunStatus status) {
    assertThat(events)
        .extracting(RunEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
    assertThat(events.getLast())
        .isInstanceOfSatisfying(RunFinished.class, f -> assertThat(f.status()).isEqualTo(status));
    assertThat(events.stream().filter(e -> e instanceof RunFinished)).hasSize(1);
  }

  @Test
  void inProcessRunMaterializesTheSelectionAndShipsEveryEventWithTheRunToken() throws Exception {
    LaunchRun launch = launch("*sales_summary", null, null);

    LaunchedRun run = inProcess().launch(launch, load(LocationJars.seed()));

    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(events)
        .filteredOn(AssetMaterialized.class::isInstance)
        .extracting(e -> ((AssetMaterialized) e).assetKey())
        .contains("sales_summary");
    assertThat(controlPlane.eventTokens()).containsOnly(launch.runToken());
    assertThat(RunFiles.of(dir.resolve("runs"), launch.runId()).spool()).doesNotExist();
  }

  @Test
  void runWhoseSelectionMatchesNothingFailsWithTheRuntimeMessage() throws Exception {
    LaunchRun launch = launch("no_such_asset", null, null);

    LaunchedRun run = inProcess().launch(launch, load(LocationJars.seed()));

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
    LaunchRun launch = launch("*", null, null);

    LaunchedRun run = inProcess().fail(launch, "code location seed is not loaded on this agent");

    assertThat(run.awaitDone(BOUND)).isTrue();
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.FAILURE);
    assertThat(((RunFinished) events.getLast()).message()).contains("is not loaded");
  }

  @Test
  void partitionRangeRunsEveryKeyAsOneRun() throws Exception {
    LaunchRun launch =
        launch("daily_features", null, new PartitionRange("2024-01-01", "2024-01-03"));

    LaunchedRun run = inProcess().launch(launch, load(LocationJars.seed()));

    assertThat(run.awaitDone(BOUND)).isTrue();
    List<RunEvent> events = controlPlane.events(launch.runId());
    assertWholeRun(events, RunStatus.SUCCESS);
    assertThat(((RunStarted) events.getFirst()).partitionKey())
        .isEqualTo("2024-01-01...2024-01-03");
    assertThat(events)
        .filteredOn(AssetMaterialized.class::isInstance)
        .extracting(e -> ((AssetMaterialized) e).partitionKey())
        .containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
  }

  @Test
  void terminateCancelsAnInProcessRun() throws Exception {
    LaunchRun launch = launch("slow*", null, null);
    LaunchedRun run = inProcess().launch(launch, load(LocationJars.slow(dir, "slow")));
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
  void subprocessRunShipsItsOwnEventsAndKeepsComputeLogsOnTheAgent() throws Exception {
    LaunchRun launch = launch("*sales_summary", null, null);

    LaunchedRun run = subprocess().launch(launch, load(LocationJars.seed()));

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
    assertThat(controlPlane.eventTokens()).containsOnly(launch.runToken());
    assertThat(Files.readString(files.stderr()))
        .contains("run " + launch.runId() + " ended SUCCESS");
    assertThat(Files.readString(files.spec())).doesNotContain(launch.runToken());
  }

  @Test
  void terminateStopsASubprocessRunAndReportsCanceled() throws Exception {
    LaunchRun launch = launch("slow*", null, null);
    LaunchedRun run = subprocess().launch(launch, load(LocationJars.slow(dir, "slow")));
    await("the slow step", BOUND, () -> started(launch.runId(), "slow"));

    run.terminate("canceled by ada");

    assertThat(run.awaitDone(BOUND)).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.CANCELED);
    await(
        "the run's last event",
        BOUND,
        () -> controlPlane.events(launch.runId()).getLast() instanceof RunFinished);
    assertWholeRun(controlPlane.events(launch.runId()), RunStatus.CANCELED);
    RunFiles files = RunFiles.of(dir.resolve("runs"), launch.runId());
    assertThat(Files.readString(files.stdout())).contains("slow is sleeping");
  }

  private boolean started(String runId, String stepKey) {
    return controlPlane.events(runId).stream()
        .anyMatch(e -> e instanceof StepStarted s && s.stepKey().equals(stepKey));
  }
}
