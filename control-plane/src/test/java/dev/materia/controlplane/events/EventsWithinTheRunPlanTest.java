package dev.materia.controlplane.events;

import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.checked;
import static dev.materia.controlplane.runs.RunFixtures.finished;
import static dev.materia.controlplane.runs.RunFixtures.finishedAnHourAgo;
import static dev.materia.controlplane.runs.RunFixtures.log;
import static dev.materia.controlplane.runs.RunFixtures.materialized;
import static dev.materia.controlplane.runs.RunFixtures.postEvents;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.runs.RunFixtures.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.runs.RunFixtures.ClaimedRun;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

  private static ClaimedRun started() {
    return RunFixtures.started(controlPlane, owner, agentToken);
  }

  private static HttpResponse<String> send(String token, String runId, String body) {
    return postEvents(controlPlane, token, runId, body);
  }

  @Test
  void aRunTokenCannotReportAMaterializationOfAnAssetOutsideItsPlan() {
    ClaimedRun run = started();
    long latestBefore = count("select count(*) from asset_materializations_latest");

    HttpResponse<String> refused =
        send(
            run.token(),
            run.id(),
            batch(
                run.id(),
                runStarted(1),
                materialized(2, "sales/raw_orders", null, "dv-in-" + run.id()),
                materialized(3, "marketing/campaigns", null, "dv-out-" + run.id())));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(Json.string(refused, "error", "code")).isEqualTo("outside_run_plan");
    assertThat(Json.string(refused, "error", "field")).isEqualTo("events[2].assetKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
    assertThat(count("select count(*) from asset_materializations_latest")).isEqualTo(latestBefore);
    assertThat(
            count("select count(*) from asset_materializations where run_id = '" + run.id() + "'"))
        .isZero();
  }

  @Test
  void aStepKeyOutsideThePlanIsNamedEvenWhenTheAssetKeyIsInIt() {
    ClaimedRun run = started();
    String forged =
        materialized(2, "sales/raw_orders", null, "dv-" + run.id())
            .replace("\"stepKey\":\"sales/raw_orders\"", "\"stepKey\":\"marketing/campaigns\"");

    HttpResponse<String> refused =
        send(run.token(), run.id(), batch(run.id(), runStarted(1), forged));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(Json.string(refused, "error", "field")).isEqualTo("events[1].stepKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
  }

  @Test
  void aKeyThatExistsNowhereIsRefusedAndNeverIndexed() {
    ClaimedRun run = started();
    String traversal =
        materialized(2, "sales/raw_orders", null, "dv-" + run.id())
            .replace("sales/raw_orders", "../../etc/passwd");

    HttpResponse<String> refused =
        send(run.token(), run.id(), batch(run.id(), runStarted(1), traversal));

    // 403 outside the plan here; a door check of key syntax may answer 400 first, naming the same
    assertThat(refused.statusCode()).as(refused.body()).isIn(400, 403);
    assertThat(Json.string(refused, "error", "field")).startsWith("events[1].");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
    assertThat(
            count(
                "select count(*) from asset_materializations_latest"
                    + " where asset_key = '../../etc/passwd'"))
        .isZero();
  }

  @Test
  void aCheckOfAnAssetOutsideThePlanAndAStepOutsideItAreRefused() {
    ClaimedRun run = started();
    String stepOutside =
        ("{\"type\":\"step_succeeded\",\"seq\":2,\"timestamp\":\"%s\","
                + "\"stepKey\":\"marketing/campaigns\",\"attempt\":1,\"durationMillis\":5}")
            .formatted(Instant.now());

    HttpResponse<String> check =
        send(
            run.token(),
            run.id(),
            batch(run.id(), runStarted(1), checked(2, "sales/cleaned_orders", false)));
    HttpResponse<String> step =
        send(run.token(), run.id(), batch(run.id(), runStarted(1), stepOutside));

    assertThat(check.statusCode()).as(check.body()).isEqualTo(403);
    assertThat(Json.string(check, "error", "field")).isEqualTo("events[1].assetKey");
    assertThat(step.statusCode()).as(step.body()).isEqualTo(403);
    assertThat(Json.string(step, "error", "field")).isEqualTo("events[1].stepKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
    assertThat(count("select count(*) from asset_check_results where run_id = '" + run.id() + "'"))
        .isZero();
  }

  @Test
  void theAgentTokenIsHeldToThePlanToo() {
    ClaimedRun run = started();

    HttpResponse<String> refused =
        send(
            agentToken,
            run.id(),
            batch(run.id(), runStarted(1), materialized(2, "marketing/campaigns", null, "dv")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(Json.string(refused, "error", "field")).isEqualTo("events[1].assetKey");
    assertThat(count("select count(*) from run_events where run_id = '" + run.id() + "'")).isZero();
  }

  @Test
  void theStepsOfThePlanAreAccepted() {
    ClaimedRun run = started();

    HttpResponse<String> ack =
        send(
            run.token(),
            run.id(),
            batch(
                run.id(),
                runStarted(1),
                stepStarted(2, "sales/raw_orders", null),
                materialized(3, "sales/raw_orders", null, "dv-" + run.id()),
                checked(4, "sales/raw_orders", true)));

    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(Json.string(ack, "contiguousSeq")).isEqualTo("4");
  }

  @Test
  void aRunTokenShipsTheTailWithinTheGraceAndNothingOnceItPassed() throws SQLException {
    ClaimedRun run = started();
    HttpResponse<String> finish =
        send(run.token(), run.id(), batch(run.id(), runStarted(1), finished(2, "SUCCESS")));
    assertThat(finish.statusCode()).as(finish.body()).isEqualTo(200);

    HttpResponse<String> tail =
        send(run.token(), run.id(), batch(run.id(), log(3, "the spool's tail")));
    finishedAnHourAgo(controlPlane, run.id());
    HttpResponse<String> late = send(run.token(), run.id(), batch(run.id(), log(4, "too late")));
    HttpResponse<String> replayed = send(agentToken, run.id(), batch(run.id(), log(4, "replayed")));

    assertThat(tail.statusCode()).as(tail.body()).isEqualTo(200);
    assertThat(late.statusCode()).as(late.body()).isEqualTo(403);
    assertThat(Json.string(late, "error", "code")).isEqualTo("run_ended");
    // the agent replays what its workers left in their spools with its own token
    assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
    assertThat(
            count(
                "select count(*) from run_events where run_id = '"
                    + run.id()
                    + "' and body->>'message' = 'too late'"))
        .isZero();
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
