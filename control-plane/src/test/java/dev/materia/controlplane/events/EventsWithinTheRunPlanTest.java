package dev.materia.controlplane.events;

import static dev.materia.controlplane.runs.RunFixtures.agent;
import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.checked;
import static dev.materia.controlplane.runs.RunFixtures.finished;
import static dev.materia.controlplane.runs.RunFixtures.launch;
import static dev.materia.controlplane.runs.RunFixtures.log;
import static dev.materia.controlplane.runs.RunFixtures.materialized;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.runs.RunFixtures.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run's events may name only the assets, checks and steps of the run's plan, and its run token
 * works only while the run is live and for a short grace after it finished. Every run here is
 * launched for {@code sales/raw_orders} alone, in a deployment whose snapshot also holds {@code
 * sales/cleaned_orders} (with a check) and {@code marketing/campaigns}.
 */
class EventsWithinTheRunPlanTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static SignedInUser owner;
  private static String agentToken;

  @BeforeAll
  static void organization() {
    Tenants tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Plans");
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
  }

  /** Launches a run of sales/raw_orders and claims it; returns {runId, runToken}. */
  private static String[] started() {
    String runId = launch(owner, "prod", "sales/raw_orders");
    HttpResponse<String> poll =
        agent(controlPlane, agentToken).get(AgentProtocol.WORK_PATH + "?wait=0");
    for (var item : Json.parse(poll).get("items").values()) {
      if (runId.equals(item.get("runId").getStringValue())) {
        return new String[] {runId, item.get("runToken").getStringValue()};
      }
    }
    throw new AssertionError("launch of " + runId + " not claimed: " + poll.body());
  }

  private static HttpResponse<String> send(String token, String runId, String body) {
    return agent(controlPlane, token).post(AgentProtocol.eventsPath(runId), body);
  }

  @Test
  void aRunTokenCannotReportAMaterializationOfAnAssetOutsideItsPlan() {
    String[] run = started();
    long latestBefore = count("select count(*) from asset_materializations_latest");

    HttpResponse<String> refused =
        send(
            run[1],
            run[0],
            batch(
                run[0],
                runStarted(1),
                materialized(2, "sales/raw_orders", null, "dv-in-" + run[0]),
                materialized(3, "marketing/campaigns", null, "dv-out-" + run[0])));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(Json.string(refused, "error", "code")).isEqualTo("outside_run_plan");
    assertThat(Json.string(refused, "error", "field")).isEqualTo("events[2].assetKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run[0] + "'")).isZero();
    assertThat(count("select count(*) from asset_materializations_latest")).isEqualTo(latestBefore);
    assertThat(count("select count(*) from asset_materializations where run_id = '" + run[0] + "'"))
        .isZero();
  }

  @Test
  void aStepKeyOutsideThePlanIsNamedEvenWhenTheAssetKeyIsInIt() {
    String[] run = started();
    String forged =
        materialized(2, "sales/raw_orders", null, "dv-" + run[0])
            .replace("\"stepKey\":\"sales/raw_orders\"", "\"stepKey\":\"marketing/campaigns\"");

    HttpResponse<String> refused = send(run[1], run[0], batch(run[0], runStarted(1), forged));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(Json.string(refused, "error", "field")).isEqualTo("events[1].stepKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run[0] + "'")).isZero();
  }

  @Test
  void aKeyThatExistsNowhereIsRefusedAndNeverIndexed() {
    String[] run = started();
    String traversal =
        materialized(2, "sales/raw_orders", null, "dv-" + run[0])
            .replace("sales/raw_orders", "../../etc/passwd");

    HttpResponse<String> refused = send(run[1], run[0], batch(run[0], runStarted(1), traversal));

    // 403 outside the plan here; a door check of key syntax may answer 400 first, naming the same
    assertThat(refused.statusCode()).as(refused.body()).isIn(400, 403);
    assertThat(Json.string(refused, "error", "field")).startsWith("events[1].");
    assertThat(count("select count(*) from run_events where run_id = '" + run[0] + "'")).isZero();
    assertThat(
            count(
                "select count(*) from asset_materializations_latest"
                    + " where asset_key = '../../etc/passwd'"))
        .isZero();
  }

  @Test
  void aCheckOfAnAssetOutsideThePlanAndAStepOutsideItAreRefused() {
    String[] run = started();
    String stepOutside =
        ("{\"type\":\"step_succeeded\",\"seq\":2,\"timestamp\":\"%s\","
                + "\"stepKey\":\"marketing/campaigns\",\"attempt\":1,\"durationMillis\":5}")
            .formatted(Instant.now());

    HttpResponse<String> check =
        send(
            run[1],
            run[0],
            batch(run[0], runStarted(1), checked(2, "sales/cleaned_orders", false)));
    HttpResponse<String> step = send(run[1], run[0], batch(run[0], runStarted(1), stepOutside));

    assertThat(check.statusCode()).as(check.body()).isEqualTo(403);
    assertThat(Json.string(check, "error", "field")).isEqualTo("events[1].assetKey");
    assertThat(step.statusCode()).as(step.body()).isEqualTo(403);
    assertThat(Json.string(step, "error", "field")).isEqualTo("events[1].stepKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run[0] + "'")).isZero();
    assertThat(count("select count(*) from asset_check_results where run_id = '" + run[0] + "'"))
        .isZero();
  }

  @Test
  void theAgentTokenIsHeldToThePlanToo() {
    String[] run = started();

    HttpResponse<String> refused =
        send(
            agentToken,
            run[0],
            batch(run[0], runStarted(1), materialized(2, "marketing/campaigns", null, "dv")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(Json.string(refused, "error", "field")).isEqualTo("events[1].assetKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run[0] + "'")).isZero();
  }

  @Test
  void theStepsOfThePlanAreAccepted() {
    String[] run = started();

    HttpResponse<String> ack =
        send(
            run[1],
            run[0],
            batch(
                run[0],
                runStarted(1),
                stepStarted(2, "sales/raw_orders", null),
                materialized(3, "sales/raw_orders", null, "dv-" + run[0]),
                checked(4, "sales/raw_orders", true)));

    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(Json.string(ack, "highestContiguousSeq")).isEqualTo("4");
  }

  @Test
  void aRunTokenShipsTheTailWithinTheGraceAndNothingOnceItPassed() throws SQLException {
    String[] run = started();
    HttpResponse<String> finish =
        send(run[1], run[0], batch(run[0], runStarted(1), finished(2, "SUCCESS")));
    assertThat(finish.statusCode()).as(finish.body()).isEqualTo(200);

    HttpResponse<String> tail = send(run[1], run[0], batch(run[0], log(3, "the spool's tail")));
    finishedAnHourAgo(run[0]);
    HttpResponse<String> late = send(run[1], run[0], batch(run[0], log(4, "too late")));
    HttpResponse<String> replayed = send(agentToken, run[0], batch(run[0], log(4, "replayed")));

    assertThat(tail.statusCode()).as(tail.body()).isEqualTo(200);
    assertThat(late.statusCode()).as(late.body()).isEqualTo(403);
    assertThat(Json.string(late, "error", "code")).isEqualTo("run_ended");
    // the agent replays what its workers left in their spools with its own token
    assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
    assertThat(
            count(
                "select count(*) from run_events where run_id = '"
                    + run[0]
                    + "' and body->>'message' = 'too late'"))
        .isZero();
  }

  private static void finishedAnHourAgo(String runId) throws SQLException {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update runs set finished_at = now() - interval '1 hour' where id = ?")) {
      statement.setObject(1, UUID.fromString(runId));
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private static long count(String sql) {
    try (Connection connection = controlPlane.database().connect();
        ResultSet rs = connection.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
