package dev.materia.controlplane.runs;

import static dev.materia.controlplane.runs.RunFixtures.agent;
import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.launch;
import static dev.materia.controlplane.runs.RunFixtures.runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run's start and finish are when its events say they happened (clamped to what the server's
 * clock allows), not when the control plane received them.
 */
class RunTimesTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static SignedInUser owner;
  private static String agentToken;

  @BeforeAll
  static void organization() {
    owner = new Tenants(controlPlane).signUp("Times");
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
  }

  @Test
  void aReplayedRunKeepsTheTimesItsEventsCarry() throws Exception {
    // The run was launched 20 minutes ago; its agent ran it 1 min 31 s long, then lost the
    // connection and replays the events from its spool only now.
    String runId = launch(owner, "prod", "sales/raw_orders");
    Instant createdAt = launchedAgo(runId, Duration.ofMinutes(20));
    Instant started = createdAt.plusSeconds(180);
    Instant finished = started.plusSeconds(91);

    send(
        runId,
        runStarted(1, started),
        stepStarted(2, started.plusMillis(5)),
        runFinished(3, finished, "SUCCESS"));

    HttpResponse<String> run = run(runId);
    assertThat(Json.string(run, "status")).isEqualTo("SUCCESS");
    assertThat(Instant.parse(Json.string(run, "startedAt"))).isEqualTo(started);
    assertThat(Instant.parse(Json.string(run, "finishedAt"))).isEqualTo(finished);
  }

  @Test
  void aFastRunStartsBeforeItFinishesWhenItsEventsSaySo() {
    String runId = launch(owner, "prod", "sales/raw_orders");
    Instant started = Instant.parse(Json.string(run(runId), "createdAt")).plusMillis(20);

    send(
        runId,
        runStarted(1, started),
        stepStarted(2, started.plusMillis(1)),
        runFinished(3, started.plusMillis(4), "SUCCESS"));

    HttpResponse<String> run = run(runId);
    assertThat(Instant.parse(Json.string(run, "startedAt"))).isEqualTo(started);
    assertThat(Instant.parse(Json.string(run, "finishedAt"))).isEqualTo(started.plusMillis(4));
  }

  @Test
  void aRunItsAgentClaimedKeepsBothTimesWhenItsFirstBatchAlsoFinishesIt() {
    String runId = launch(owner, "prod", "sales/raw_orders");
    HttpResponse<String> poll =
        agent(controlPlane, agentToken).get(AgentProtocol.WORK_PATH + "?wait=0");
    assertThat(poll.body()).contains(runId);
    assertThat(Json.string(run(runId), "status")).isEqualTo("STARTING");
    Instant started = Instant.parse(Json.string(run(runId), "createdAt")).plusMillis(30);

    send(
        runId,
        runStarted(1, started),
        stepStarted(2, started.plusMillis(2)),
        runFinished(3, started.plusMillis(9), "SUCCESS"));

    HttpResponse<String> run = run(runId);
    assertThat(Json.string(run, "status")).isEqualTo("SUCCESS");
    assertThat(Instant.parse(Json.string(run, "startedAt"))).isEqualTo(started);
    assertThat(Instant.parse(Json.string(run, "finishedAt"))).isEqualTo(started.plusMillis(9));
  }

  @Test
  void aFinishStampedFarInTheFutureIsClampedToTheServersClock() {
    String runId = launch(owner, "prod", "sales/raw_orders");
    Instant started = Instant.parse(Json.string(run(runId), "createdAt")).plusMillis(20);

    send(
        runId,
        runStarted(1, started),
        runFinished(2, Instant.now().plus(Duration.ofDays(1)), "FAILURE"));
    Instant afterwards = Instant.now();

    HttpResponse<String> run = run(runId);
    assertThat(Instant.parse(Json.string(run, "startedAt"))).isEqualTo(started);
    assertThat(Instant.parse(Json.string(run, "finishedAt"))).isBetween(started, afterwards);
  }

  @Test
  void aStartStampedLongBeforeTheLaunchIsClampedToTheLaunch() {
    String runId = launch(owner, "prod", "sales/raw_orders");
    Instant createdAt = Instant.parse(Json.string(run(runId), "createdAt"));

    send(runId, runStarted(1, createdAt.minus(Duration.ofDays(3))));

    HttpResponse<String> run = run(runId);
    assertThat(Json.string(run, "status")).isEqualTo("STARTED");
    assertThat(Instant.parse(Json.string(run, "startedAt"))).isEqualTo(createdAt);
  }

  @Test
  void aStepStampedFarInTheFutureIsStoredAtTheServersClockInTheEventLogAndTheAssetIndex() {
    String runId = launch(owner, "prod", "sales/raw_orders");
    Instant createdAt = Instant.parse(Json.string(run(runId), "createdAt"));
    Instant started = createdAt.plusMillis(20);
    Instant tomorrow = Instant.now().plus(Duration.ofDays(1));

    send(
        runId,
        runStarted(1, started),
        stepStarted(2, tomorrow),
        RunFixtures.materialized(3, "sales/raw_orders", null, "v-future")
            .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"" + tomorrow + "\""));
    Instant afterwards = Instant.now();

    var events =
        Json.parse(owner.session().get(runs(owner, "prod") + "/" + runId + "/events"))
            .get("events");
    assertThat(Instant.parse(events.get(1).get("timestamp").getStringValue()))
        .isBetween(createdAt, afterwards);
    assertThat(Instant.parse(events.get(2).get("timestamp").getStringValue()))
        .isBetween(createdAt, afterwards);
    var asset =
        Json.parse(
            owner
                .session()
                .get("/api/v1/orgs/" + owner.org() + "/deployments/prod/assets/sales/raw_orders"));
    assertThat(asset.get("asset").get("latestMaterialization").get("dataVersion").getStringValue())
        .isEqualTo("v-future");
    assertThat(
            Instant.parse(
                asset
                    .get("asset")
                    .get("latestMaterialization")
                    .get("materializedAt")
                    .getStringValue()))
        .isBetween(createdAt, afterwards);
  }

  @Test
  void aShortRunShippedInOneBatchTakesTheTimeBetweenItsOwnStartAndFinishAndSoDoItsSteps() {
    // "Took 0 ms": a 51 ms run whose events all arrive in one batch after it ended
    String runId = launch(owner, "prod", "sales/raw_orders");
    Instant t0 = Instant.parse(Json.string(run(runId), "createdAt")).plusMillis(7);

    send(
        runId,
        runStarted(1, t0),
        stepStarted(2, t0.plusMillis(3)),
        RunFixtures.materialized(3, "sales/raw_orders", null, "v51")
            .replaceFirst(
                "\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"" + t0.plusMillis(40) + "\""),
        ("{\"type\":\"step_succeeded\",\"seq\":4,\"timestamp\":\"%s\","
                + "\"stepKey\":\"sales/raw_orders\",\"attempt\":1,\"durationMillis\":38}")
            .formatted(t0.plusMillis(41)),
        runFinished(5, t0.plusMillis(51), "SUCCESS"));

    HttpResponse<String> run = run(runId);
    assertThat(Instant.parse(Json.string(run, "startedAt"))).isEqualTo(t0);
    assertThat(Instant.parse(Json.string(run, "finishedAt"))).isEqualTo(t0.plusMillis(51));
    // the console times a step from its own events' times
    var events =
        Json.parse(owner.session().get(runs(owner, "prod") + "/" + runId + "/events"))
            .get("events");
    assertThat(Instant.parse(events.get(1).get("timestamp").getStringValue()))
        .isEqualTo(t0.plusMillis(3));
    assertThat(Instant.parse(events.get(3).get("timestamp").getStringValue()))
        .isEqualTo(t0.plusMillis(41));
  }

  /** Moves the run's launch {@code ago} into the past, as if it had been queued then. */
  private static Instant launchedAgo(String runId, Duration ago) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement update =
            connection.prepareStatement(
                "update runs set created_at = created_at - ?::interval where id = ?");
        PreparedStatement partition =
            connection.prepareStatement(
                "select materia_ensure_run_events_partition(created_at) from runs where id = ?")) {
      update.setString(1, ago.toSeconds() + " seconds");
      update.setObject(2, UUID.fromString(runId));
      assertThat(update.executeUpdate()).isEqualTo(1);
      partition.setObject(1, UUID.fromString(runId));
      partition.execute();
    }
    return Instant.parse(Json.string(run(runId), "createdAt"));
  }

  private static HttpResponse<String> run(String runId) {
    HttpResponse<String> run = owner.session().get(runs(owner, "prod") + "/" + runId);
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    return run;
  }

  private static void send(String runId, String... events) {
    HttpResponse<String> ack =
        agent(controlPlane, agentToken).post(AgentProtocol.eventsPath(runId), batch(runId, events));
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
  }

  private static String runStarted(long seq, Instant at) {
    return ("{\"type\":\"run_started\",\"seq\":%d,\"timestamp\":\"%s\","
            + "\"selection\":\"sales/raw_orders\",\"stepKeys\":[\"sales/raw_orders\"]}")
        .formatted(seq, at);
  }

  private static String stepStarted(long seq, Instant at) {
    return ("{\"type\":\"step_started\",\"seq\":%d,\"timestamp\":\"%s\","
            + "\"stepKey\":\"sales/raw_orders\",\"assetKey\":\"sales/raw_orders\","
            + "\"partitionKey\":null,\"attempt\":1}")
        .formatted(seq, at);
  }

  private static String runFinished(long seq, Instant at, String status) {
    return ("{\"type\":\"run_finished\",\"seq\":%d,\"timestamp\":\"%s\",\"status\":\"%s\","
            + "\"durationMillis\":0,\"message\":null}")
        .formatted(seq, at, status);
  }
}
