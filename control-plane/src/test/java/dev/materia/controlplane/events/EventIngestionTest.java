package dev.materia.controlplane.events;

import static dev.materia.controlplane.runs.RunFixtures.agent;
import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.checked;
import static dev.materia.controlplane.runs.RunFixtures.finished;
import static dev.materia.controlplane.runs.RunFixtures.launch;
import static dev.materia.controlplane.runs.RunFixtures.log;
import static dev.materia.controlplane.runs.RunFixtures.materialized;
import static dev.materia.controlplane.runs.RunFixtures.postEvents;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.runs.RunFixtures.runs;
import static dev.materia.controlplane.runs.RunFixtures.stepStarted;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.runs.RunFixtures.ClaimedRun;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventIngestionTest {
  // Runs fall silent only when a test says so (silenceSince): with a short silence timeout, a slow
  // machine failed runs mid-test (a system run_finished counted among their events).
  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(
          Map.of("materia.queue.sweep-interval", "100ms", "materia.runs.silence-timeout", "60s"));

  private static Tenants tenants;
  private static SignedInUser owner;
  private static UUID orgId;
  private static String agentToken;

  @BeforeAll
  static void organization() {
    tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Events");
    orgId = owner.orgId();
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
  }

  private static ClaimedRun started() {
    return RunFixtures.started(controlPlane, owner, agentToken);
  }

  private static HttpResponse<String> send(String token, String runId, String body) {
    return postEvents(controlPlane, token, runId, body);
  }

  @Test
  void aBatchIsStoredAndTheReplyNamesTheHighestContiguousSeq() {
    ClaimedRun run = started();

    HttpResponse<String> ack =
        send(
            run.token(),
            run.id(),
            batch(run.id(), runStarted(1), log(2, "hello"), log(3, "again")));

    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(Json.string(ack, "contiguousSeq")).isEqualTo("3");
    HttpResponse<String> events =
        owner.session().get(runs(owner, "prod") + "/" + run.id() + "/events");
    assertThat(Json.parse(events).get("events").size()).isEqualTo(3);
    assertThat(Json.string(owner.session().get(runs(owner, "prod") + "/" + run.id()), "status"))
        .isEqualTo("STARTED");
  }

  @Test
  void eachEventIsStoredAsItsOwnElementAndTextThatNeedsEscapingRoundTrips() {
    ClaimedRun run = started();
    String tricky = "tab\there\nnew line \\ back\\slash \"quoted\" \u00e9 \u2713 \\N";

    HttpResponse<String> ack =
        send(
            run.token(), run.id(), batch(run.id(), runStarted(1), log(2, tricky), log(3, "plain")));

    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    var events =
        Json.parse(owner.session().get(runs(owner, "prod") + "/" + run.id() + "/events"))
            .get("events");
    assertThat(events.get(1).get("seq").getLongValue()).isEqualTo(2);
    assertThat(events.get(1).get("message").getStringValue()).isEqualTo(tricky);
    assertThat(events.get(2).get("message").getStringValue()).isEqualTo("plain");
    assertThat(
            count(
                "select count(*) from run_events where run_id = '"
                    + run.id()
                    + "' and (body->>'seq')::bigint = seq and body->>'type' = type"))
        .isEqualTo(3);
  }

  @Test
  void aDuplicateBatchIsIdempotent() {
    ClaimedRun run = started();
    String body = batch(run.id(), runStarted(1), log(2, "once"));

    send(run.token(), run.id(), body);
    HttpResponse<String> again = send(run.token(), run.id(), body);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(Json.string(again, "contiguousSeq")).isEqualTo("2");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'"))
        .isEqualTo(2);
  }

  @Test
  void gapsAreToleratedAndReportedAndOutOfOrderBatchesCloseThem() {
    ClaimedRun run = started();

    HttpResponse<String> later =
        send(run.token(), run.id(), batch(run.id(), log(4, "d"), log(6, "f")));
    assertThat(Json.string(later, "contiguousSeq")).isEqualTo("0");
    assertThat(later.body())
        .contains("{\"first\":1,\"last\":3}")
        .contains("{\"first\":5,\"last\":5}");

    HttpResponse<String> earlier =
        send(
            run.token(),
            run.id(),
            batch(run.id(), runStarted(1), log(2, "b"), log(3, "c"), log(5, "e")));

    assertThat(Json.string(earlier, "contiguousSeq")).isEqualTo("6");
    HttpResponse<String> events =
        owner.session().get(runs(owner, "prod") + "/" + run.id() + "/events?after=2");
    assertThat(Json.parse(events).get("events").size()).isEqualTo(4);
  }

  @Test
  void materializationsChecksAndPartitionsAreIndexedAndTheFinishEndsTheRun() {
    ClaimedRun run = started();

    HttpResponse<String> ack =
        send(
            run.token(),
            run.id(),
            batch(
                run.id(),
                runStarted(1),
                stepStarted(2, "sales/raw_orders", "2024-01-02"),
                materialized(3, "sales/raw_orders", "2024-01-02", "dv-" + run.id()),
                checked(4, "sales/raw_orders", false),
                finished(5, "SUCCESS")));

    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(
            count(
                "select count(*) from asset_materializations_latest where data_version = 'dv-"
                    + run.id()
                    + "'"))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from asset_partitions where run_id = '"
                    + run.id()
                    + "' and status = 'materialized'"))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from asset_check_results where run_id = '"
                    + run.id()
                    + "' and not passed"))
        .isEqualTo(1);
    assertThat(Json.string(owner.session().get(runs(owner, "prod") + "/" + run.id()), "status"))
        .isEqualTo("SUCCESS");
  }

  @Test
  void anUnknownTypeOrAMissingFieldIs400NamingItAndStoresNothing() {
    ClaimedRun run = started();
    HttpResponse<String> unknown =
        send(
            run.token(),
            run.id(),
            batch(
                run.id(),
                runStarted(1),
                "{\"type\":\"step_exploded\",\"seq\":2,\"timestamp\":\"2024-01-01T00:00:00Z\"}"));
    HttpResponse<String> missing =
        send(
            run.token(),
            run.id(),
            batch(
                run.id(),
                runStarted(1),
                materialized(2, "a", null, "v").replace("\"assetKey\":\"a\",", "")));

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Json.string(unknown, "error", "field")).isEqualTo("events[1].type");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(Json.string(missing, "error", "field")).isEqualTo("events[1].assetKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
  }

  @Test
  void anOversizedBodyIs413AndDeeplyNestedJsonIs400() {
    ClaimedRun run = started();
    String huge =
        batch(
            run.id(),
            log(1, "x".repeat(4 * 1024 * 1024)),
            log(2, "y".repeat(4 * 1024 * 1024)),
            log(3, "z".repeat(3 * 1024 * 1024)));
    String deep =
        "{\"runId\":\"" + run.id() + "\",\"events\":" + "[".repeat(200) + "]".repeat(200) + "}";

    HttpResponse<String> tooBig = send(run.token(), run.id(), huge);
    HttpResponse<String> tooDeep = send(run.token(), run.id(), deep);

    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooDeep.statusCode()).isEqualTo(400);
    assertThat(Json.string(tooDeep, "error", "code")).isEqualTo("json_too_complex");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
  }

  @Test
  void aRunTokenWorksForItsOwnRunOnly() {
    ClaimedRun mine = started();
    ClaimedRun other = started();

    HttpResponse<String> wrong = send(mine.token(), other.id(), batch(other.id(), runStarted(1)));

    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(count("select count(*) from run_events where run_id = '" + other.id() + "'"))
        .isZero();
  }

  @Test
  void anotherOrganizationsAgentTokenGets404AndUserTokensAndCookiesAreRefused() {
    ClaimedRun run = started();
    SignedInUser stranger = tenants.signUp("Stranger");
    String strangerAgent = tenants.agentToken(stranger, "prod");
    String body = batch(run.id(), runStarted(1));

    HttpResponse<String> foreign = send(strangerAgent, run.id(), body);
    HttpResponse<String> user = send(tenants.userToken(owner), run.id(), body);
    HttpResponse<String> cookie =
        owner
            .session()
            .header(AgentProtocol.HEADER, "1")
            .post(AgentProtocol.eventsPath(run.id()), body);

    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(user.statusCode()).isEqualTo(403);
    assertThat(cookie.statusCode()).isEqualTo(401);
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
  }

  @Test
  void aRevokedOrExpiredRunTokenIs401() throws Exception {
    ClaimedRun run = started();
    try (Connection owner = controlPlane.database().connect()) {
      owner
          .createStatement()
          .execute(
              "update api_tokens set expires_at = now() - interval '1 second' where run_id = '"
                  + run.id()
                  + "'");
    }

    HttpResponse<String> expired = send(run.token(), run.id(), batch(run.id(), runStarted(1)));

    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(Json.string(expired, "error", "code")).isEqualTo("token_expired");
  }

  @Test
  void aRunWhoseAgentFallsSilentFailsWithTheReasonAsItsLastEvent() {
    ClaimedRun run = started();
    send(run.token(), run.id(), batch(run.id(), runStarted(1)));
    lastHeardAnHourAgo(run.id());

    awaitFailedForSilence(run.id());

    HttpResponse<String> events =
        owner.session().get(runs(owner, "prod") + "/" + run.id() + "/events");
    assertThat(events.body()).contains("run_finished").contains("silence-timeout");
  }

  @Test
  void theControlPlanesOwnEventsNeverTakeASeqTheAgentWillStillSend() {
    ClaimedRun run = started();
    send(run.token(), run.id(), batch(run.id(), runStarted(1)));
    lastHeardAnHourAgo(run.id());
    awaitFailedForSilence(run.id());

    HttpResponse<String> late =
        send(run.token(), run.id(), batch(run.id(), log(2, "late but mine")));

    assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
    assertThat(Json.string(late, "contiguousSeq")).isEqualTo("2");
    assertThat(
            count(
                "select count(*) from run_events where run_id = '"
                    + run.id()
                    + "' and seq = 2"
                    + " and body->>'message' = 'late but mine'"))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from run_events where run_id = '"
                    + run.id()
                    + "' and seq >= "
                    + EventIngestion.SYSTEM_SEQ_BASE
                    + " and type = 'run_finished'"))
        .isEqualTo(1);
    var events =
        Json.parse(owner.session().get(runs(owner, "prod") + "/" + run.id() + "/events"))
            .get("events");
    assertThat(events.size()).isEqualTo(3);
    assertThat(events.get(2).get("type").getStringValue()).isEqualTo("run_finished");

    HttpResponse<String> reserved =
        send(
            run.token(),
            run.id(),
            batch(run.id(), log(3, "ok"), log(EventIngestion.SYSTEM_SEQ_BASE, "not yours")));
    assertThat(reserved.statusCode()).isEqualTo(400);
    assertThat(Json.string(reserved, "error", "field")).isEqualTo("events[1].seq");
    assertThat(
            count("select count(*) from run_events where run_id = '" + run.id() + "' and seq = 3"))
        .isZero();
  }

  @Test
  void theLiveStreamWaitsAtAGapAndSendsEveryEventInSeqOrderOnceALaterBatchFillsIt()
      throws Exception {
    ClaimedRun run = started();
    send(run.token(), run.id(), batch(run.id(), runStarted(1), log(3, "after the gap")));
    var ids = new java.util.concurrent.LinkedBlockingQueue<Long>();
    var request =
        java.net.http.HttpRequest.newBuilder(
                controlPlane.uri(runs(owner, "prod") + "/" + run.id() + "/events/stream"))
            .header("Cookie", owner.cookie())
            .build();
    var lines =
        java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    var reading =
        java.util.concurrent.CompletableFuture.runAsync(
            () ->
                lines
                    .body()
                    .filter(line -> line.startsWith("id:"))
                    .forEach(line -> ids.add(Long.parseLong(line.substring(3).trim()))));
    // The stream read what was stored when it opened: seq 1, and not 3 past the hole at 2.
    assertThat(ids.poll(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1L);

    send(run.token(), run.id(), batch(run.id(), log(2, "fills the gap"), finished(4, "SUCCESS")));

    reading.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(ids).containsExactly(2L, 3L, 4L);
  }

  @Test
  void theLiveStreamSendsEachEventsJsonTextAsStoredNotWrittenAgain() throws Exception {
    ClaimedRun run = started();
    send(run.token(), run.id(), batch(run.id(), runStarted(1), log(2, "as stored")));
    send(run.token(), run.id(), batch(run.id(), finished(3, "SUCCESS")));
    var request =
        java.net.http.HttpRequest.newBuilder(
                controlPlane.uri(runs(owner, "prod") + "/" + run.id() + "/events/stream"))
            .header("Cookie", owner.cookie())
            .build();

    HttpResponse<String> stream =
        java.net.http.HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .get(20, java.util.concurrent.TimeUnit.SECONDS);

    // PostgreSQL writes jsonb out in its own key order and spacing, which writing the parsed event
    // again would not keep.
    List<String> stored = new java.util.ArrayList<>();
    try (Connection connection = controlPlane.database().connect();
        ResultSet rs =
            connection
                .createStatement()
                .executeQuery(
                    "select body::text from run_events where run_id = '"
                        + run.id()
                        + "' order by seq")) {
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
    }
    assertThat(stored).hasSize(3).allMatch(text -> text.contains("\": "));
    assertThat(stream.body().lines().filter(line -> line.startsWith("data:")))
        .containsExactlyElementsOf(stored.stream().map(text -> "data: " + text).toList());
    assertThat(stream.body().lines().filter(line -> line.startsWith("id:")))
        .containsExactly("id: 1", "id: 2", "id: 3");
    assertThat(stream.body().lines().filter(line -> line.startsWith("event:")))
        .containsOnly("event: run_event");
  }

  @Test
  void aDeletedDeploymentTakesItsAssetIndexRowsAlong() {
    HttpResponse<String> created =
        owner
            .session()
            .post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"doomed\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String token = RunFixtures.prepare(controlPlane, owner, "doomed");
    String runId = launch(owner, "doomed", "sales/raw_orders");
    agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");
    HttpResponse<String> ack =
        send(
            token,
            runId,
            batch(
                runId,
                runStarted(1),
                stepStarted(2, "sales/raw_orders", "2026-01-01"),
                materialized(3, "sales/raw_orders", "2026-01-01", "v1"),
                checked(4, "sales/raw_orders", true)));
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    String doomed =
        "(select id from deployments where name = 'doomed' and org_id = '" + orgId + "')";
    String[] tables = {
      "asset_materializations_latest",
      "asset_materializations",
      "asset_partitions",
      "asset_check_results"
    };
    for (String table : tables) {
      assertThat(count("select count(*) from " + table + " where deployment_id = " + doomed))
          .as(table)
          .isPositive();
    }
    long others = count("select count(*) from asset_materializations_latest");

    HttpResponse<String> deleted =
        owner.session().delete("/api/v1/orgs/" + owner.org() + "/deployments/doomed");

    assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);
    for (String table : tables) {
      assertThat(
              count(
                  "select count(*) from "
                      + table
                      + " x where not exists (select 1 from deployments d"
                      + " where d.org_id = x.org_id and d.id = x.deployment_id)"))
          .as(table)
          .isZero();
    }
    assertThat(count("select count(*) from asset_materializations_latest")).isLessThan(others);
  }

  @Test
  void theLiveStreamSendsStoredAndNewEventsAndEndsWithTheRun() throws Exception {
    ClaimedRun run = started();
    send(run.token(), run.id(), batch(run.id(), runStarted(1)));
    var request =
        java.net.http.HttpRequest.newBuilder(
                controlPlane.uri(runs(owner, "prod") + "/" + run.id() + "/events/stream"))
            .header("Cookie", owner.cookie())
            .build();
    var streaming =
        java.net.http.HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofString());

    send(run.token(), run.id(), batch(run.id(), log(2, "live"), finished(3, "SUCCESS")));

    HttpResponse<String> stream = streaming.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.body()).contains("run_started").contains("live").contains("run_finished");
    ApiClient stranger = tenants.signUp("Peeker").session();
    assertThat(stranger.get(runs(owner, "prod") + "/" + run.id() + "/events/stream").statusCode())
        .isEqualTo(404);
  }

  /** Waits until the sweeper has failed the run for its silence. */
  private static void awaitFailedForSilence(String runId) {
    await(
        "run " + runId + " to be failed for its silence",
        Duration.ofSeconds(20),
        () ->
            "FAILURE"
                .equals(
                    Json.string(owner.session().get(runs(owner, "prod") + "/" + runId), "status")));
  }

  /** The run's agent last spoke of it an hour ago: longer than the silence timeout. */
  private static void lastHeardAnHourAgo(String runId) {
    try (Connection connection = controlPlane.database().connect()) {
      int updated =
          connection
              .createStatement()
              .executeUpdate(
                  "update runs set last_heard_at = now() - interval '1 hour' where id = '"
                      + UUID.fromString(runId)
                      + "'");
      assertThat(updated).isEqualTo(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql) {
    try (Connection connection = controlPlane.database().connect();
        ResultSet rs = connection.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
