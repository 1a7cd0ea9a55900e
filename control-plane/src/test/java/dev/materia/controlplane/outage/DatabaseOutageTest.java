package dev.materia.controlplane.outage;

import static dev.materia.controlplane.runs.RunFixtures.agent;
import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.finished;
import static dev.materia.controlplane.runs.RunFixtures.log;
import static dev.materia.controlplane.runs.RunFixtures.postEvents;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.runs.RunFixtures.ClaimedRun;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.PostgresServer;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database crashes under a running control plane. The server is a dedicated embedded PostgreSQL
 * with zonky's fast settings ({@code -F}, {@code synchronous_commit=off}) and a WAL writer that
 * waits 10 s, so a commit that does not wait for its WAL is lost by a crash right after it: only
 * the control plane's own {@code synchronous_commit = on} keeps an acknowledged batch.
 */
class DatabaseOutageTest {
  private static final Duration SILENCE = Duration.ofSeconds(3);

  /** Longer than the silence timeout, as in the chaos test that found it (120 s of 90). */
  private static final Duration OUTAGE = SILENCE.multipliedBy(2);

  private static PostgresServer server;

  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(
          Map.of(
              "materia.queue.sweep-interval",
              "200ms",
              "materia.runs.silence-timeout",
              SILENCE.toMillis() + "ms"),
          null,
          DatabaseOutageTest::server);

  private static SignedInUser owner;
  private static String agentToken;
  private static String userToken;

  private static synchronized PostgresServer server() {
    if (server == null) {
      server = PostgresServer.dedicated(Map.of("wal_writer_delay", "10s"));
    }
    return server;
  }

  @BeforeAll
  static void organization() {
    Tenants tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Outage");
    userToken = tenants.userToken(owner);
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
    checkpoint(); // only event batches commit synchronously; crashes must not take the setup
  }

  @AfterEach
  void databaseBack() {
    if (!databaseAnswers()) {
      server.restart();
    }
    awaitReady();
  }

  @Test
  void anAcknowledgedBatchSurvivesACrashOfADatabaseThatCommitsAsynchronously() throws Exception {
    ClaimedRun run = started();
    List<String> events = new ArrayList<>();
    events.add(runStarted(1));
    for (int seq = 2; seq <= 200; seq++) {
      events.add(log(seq, "line " + seq));
    }

    HttpResponse<String> ack = send(run, batch(run.id(), events.toArray(String[]::new)));
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(Json.string(ack, "contiguousSeq")).isEqualTo("200");
    server.crash();
    server.restart();

    assertThat(
            count("select count(*) from run_events where run_id = '%s' and seq <= 200", run.id()))
        .as("acknowledged events stored after the crash")
        .isEqualTo(200);
    assertThat(count("select contiguous_seq from runs where id = '%s'", run.id())).isEqualTo(200);
  }

  @Test
  void whileTheDatabaseIsDownReadinessAndTheApiAnswer503InsteadOfHanging() {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    server.crash();

    // The client's bound is 10 s: the pool's old 30 s wait fails it.
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    assertThat(ready.body()).contains("\"status\":\"DOWN\"").contains("unreachable");
    HttpResponse<String> api = get("/api/v1/orgs/" + owner.org() + "/deployments");
    assertThat(api.statusCode()).as(api.body()).isEqualTo(503);
    assertThat(Json.parse(api).get("error").get("code").getStringValue())
        .isEqualTo("database_unavailable");
    HttpResponse<String> heartbeat =
        agent(controlPlane, agentToken)
            .post(
                AgentProtocol.HEARTBEAT_PATH,
                dev.materia.controlplane.runs.RunFixtures.heartbeat("a"));
    assertThat(heartbeat.statusCode()).as(heartbeat.body()).isEqualTo(503);

    server.restart();
    awaitReady();
    assertThat(get("/api/v1/orgs/" + owner.org() + "/deployments").statusCode()).isEqualTo(200);
  }

  @Test
  void aDatabaseOutageLongerThanTheSilenceTimeoutIsNobodysSilence() throws Exception {
    ClaimedRun live = started();
    ClaimedRun gone = started();
    assertThat(send(live, batch(live.id(), runStarted(1))).statusCode()).isEqualTo(200);
    assertThat(send(gone, batch(gone.id(), runStarted(1))).statusCode()).isEqualTo(200);
    checkpoint(); // this test is about silence, not about what a crash loses

    server.crash();
    long crashedAt = System.nanoTime();
    // The outage lasts OUTAGE, and the control plane says "not ready" all through it.
    await(
        "an outage longer than the silence timeout",
        OUTAGE.multipliedBy(4),
        () ->
            get("/health/ready").statusCode() == 503
                && System.nanoTime() - crashedAt >= OUTAGE.toNanos());
    server.restart();
    awaitReady();
    // The other run's agent really is gone: silent long before the outage. Once the sweeper has
    // failed it, it has judged the live run in the same sweep.
    execute("update runs set last_heard_at = now() - interval '1 hour' where id = '%s'", gone.id());
    await(
        "the silent run failed", Duration.ofSeconds(20), () -> "FAILURE".equals(status(gone.id())));

    assertThat(status(live.id()))
        .as("the run whose agent waited out the outage")
        .isEqualTo("STARTED");
    HttpResponse<String> resent =
        send(live, batch(live.id(), log(2, "after"), finished(3, "SUCCESS")));
    assertThat(Json.string(resent, "contiguousSeq")).isEqualTo("3");
    assertThat(status(live.id())).isEqualTo("SUCCESS");
  }

  private static ClaimedRun started() {
    return RunFixtures.started(controlPlane, owner, agentToken);
  }

  private static HttpResponse<String> send(ClaimedRun run, String body) {
    return postEvents(controlPlane, run.token(), run.id(), body);
  }

  private static String status(String runId) {
    return Json.string(
        controlPlane
            .client()
            .bearer(userToken)
            .get("/api/v1/orgs/" + owner.org() + "/deployments/prod/runs/" + runId),
        "status");
  }

  private static HttpResponse<String> get(String path) {
    return controlPlane.send(
        HttpRequest.newBuilder(controlPlane.uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + userToken)
            .GET()
            .build());
  }

  private static void awaitReady() {
    await(
        "the control plane ready again",
        Duration.ofSeconds(60),
        () -> get("/health/ready").statusCode() == 200);
  }

  private static void checkpoint() {
    try (Connection connection = controlPlane.database().connect()) {
      connection.createStatement().execute("checkpoint");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean databaseAnswers() {
    try (Connection connection = controlPlane.database().connect()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static long count(String sql, String runId) throws SQLException {
    try (Connection connection = controlPlane.database().connect();
        ResultSet rs =
            connection.createStatement().executeQuery(sql.formatted(UUID.fromString(runId)))) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  private static void execute(String sql, String runId) throws SQLException {
    try (Connection connection = controlPlane.database().connect()) {
      assertThat(connection.createStatement().executeUpdate(sql.formatted(UUID.fromString(runId))))
          .isEqualTo(1);
    }
  }
}
