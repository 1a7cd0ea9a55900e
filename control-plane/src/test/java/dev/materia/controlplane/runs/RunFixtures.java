package dev.materia.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import io.micronaut.json.JsonMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Runs, agents and events through the real API (the database only to move a time back), for tests
 * of the runs, queue and events.
 */
public final class RunFixtures {
  private RunFixtures() {}

  /** Launches a run in {@code deployment} as {@code user}; asserts 201 and returns its id. */
  public static String launch(SignedInUser user, String deployment, String selection) {
    HttpResponse<String> response =
        user.session()
            .post(
                runs(user, deployment),
                "{\"selection\":" + Json.quote(selection) + ",\"codeLocation\":\"sales\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.string(response, "id");
  }

  public static String runs(SignedInUser user, String deployment) {
    return "/api/v1/orgs/" + user.org() + "/deployments/" + deployment + "/runs";
  }

  /**
   * Makes {@code deployment} ready for runs: registers the code location {@code sales} with the
   * catalog's sales snapshot ({@code sales/raw_orders → sales/cleaned_orders →
   * sales/daily_revenue}), has a new agent token claim its load item and report it LOADED, and
   * returns that agent token.
   */
  public static String prepare(
      RunningControlPlane controlPlane, SignedInUser owner, String deployment) {
    HttpResponse<String> token =
        owner
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/agent-tokens",
                "{\"name\":\"prepare\",\"deployments\":[" + Json.quote(deployment) + "]}");
    assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
    String agentToken = Json.string(token, "token");
    upload(controlPlane, owner, deployment, agentToken);
    ApiClient agent = agent(controlPlane, agentToken);
    HttpResponse<String> poll = agent.get(AgentProtocol.WORK_PATH + "?wait=0");
    assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
    HttpResponse<String> beat =
        agent.post(
            AgentProtocol.HEARTBEAT_PATH,
            "{\"agentId\":\"prepare\",\"version\":\"0.1.0\",\"codeLocations\":[{\"deployment\":"
                + Json.quote(deployment)
                + ",\"name\":\"sales\",\"version\":\"v1\",\"state\":\"LOADED\"}],"
                + "\"runs\":[],\"stopping\":false,\"releasedWorkItems\":[]}");
    assertThat(beat.statusCode()).as(beat.body()).isEqualTo(204);
    return agentToken;
  }

  /** Registers {@code sales} in {@code deployment} and uploads its snapshot with {@code token}. */
  public static void upload(
      RunningControlPlane controlPlane, SignedInUser owner, String deployment, String agentToken) {
    HttpResponse<String> registered =
        owner
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/deployments/" + deployment + "/code-locations",
                "{\"name\":\"sales\",\"artifact\":\"/opt/sales.jar\",\"version\":\"v1\"}");
    assertThat(registered.statusCode()).as(registered.body()).isBetween(200, 201);
    HttpResponse<String> uploaded =
        agent(controlPlane, agentToken)
            .send(
                "PUT",
                AgentProtocol.snapshotPath("sales") + "?deployment=" + deployment,
                Snapshots.json(
                    controlPlane.context().getBean(JsonMapper.class),
                    Snapshots.sales("sales", "v1")));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
  }

  /** A run an agent claimed: its id and the run token its launch item carried. */
  public record ClaimedRun(String id, String token) {}

  /** Launches a run of {@code sales/raw_orders} in prod and claims it with {@code agentToken}. */
  public static ClaimedRun started(
      RunningControlPlane controlPlane, SignedInUser owner, String agentToken) {
    return claimed(controlPlane, agentToken, launch(owner, "prod", "sales/raw_orders"));
  }

  /** Polls the work of {@code agentToken} and returns the launch of {@code runId} it claimed. */
  private static ClaimedRun claimed(
      RunningControlPlane controlPlane, String agentToken, String runId) {
    HttpResponse<String> poll =
        agent(controlPlane, agentToken).get(AgentProtocol.WORK_PATH + "?wait=0");
    for (var item : Json.parse(poll).get("items").values()) {
      if (runId.equals(item.get("runId").getStringValue())) {
        return new ClaimedRun(runId, item.get("runToken").getStringValue());
      }
    }
    throw new AssertionError("launch of " + runId + " not claimed: " + poll.body());
  }

  /** Posts the event batch {@code body} for {@code runId} with {@code token}. */
  public static HttpResponse<String> postEvents(
      RunningControlPlane controlPlane, String token, String runId, String body) {
    return agent(controlPlane, token).post(AgentProtocol.eventsPath(runId), body);
  }

  /** Moves the run's end an hour back: its run token's grace after the end is long over. */
  public static void finishedAnHourAgo(RunningControlPlane controlPlane, String runId)
      throws SQLException {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update runs set finished_at = now() - interval '1 hour' where id = ?")) {
      statement.setObject(1, UUID.fromString(runId));
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  /** A client speaking the agent protocol with {@code token}. */
  public static ApiClient agent(RunningControlPlane controlPlane, String token) {
    return controlPlane.client().bearer(token).header(AgentProtocol.HEADER, AgentProtocol.VERSION);
  }

  /** A JSON event batch for {@code runId} with the given events (JSON objects without runId). */
  public static String batch(String runId, String... events) {
    StringBuilder json = new StringBuilder("{\"runId\":\"" + runId + "\",\"events\":[");
    for (int i = 0; i < events.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"runId\":\"" + runId + "\"," + events[i].substring(1));
    }
    return json.append("]}").toString();
  }

  public static String runStarted(long seq) {
    return "{\"type\":\"run_started\",\"seq\":%d,\"timestamp\":\"%s\",\"selection\":\"sales/raw_orders\",\"stepKeys\":[\"sales/raw_orders\"]}"
        .formatted(seq, Instant.now());
  }

  public static String log(long seq, String message) {
    return "{\"type\":\"log_line\",\"seq\":%d,\"timestamp\":\"%s\",\"level\":\"INFO\",\"message\":%s}"
        .formatted(seq, Instant.now(), Json.quote(message));
  }

  public static String stepStarted(long seq, String asset, String partition) {
    return "{\"type\":\"step_started\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":\"%s\",\"assetKey\":\"%s\",\"partitionKey\":%s,\"attempt\":1}"
        .formatted(
            seq, Instant.now(), asset, asset, partition == null ? "null" : Json.quote(partition));
  }

  public static String materialized(long seq, String asset, String partition, String version) {
    return ("{\"type\":\"asset_materialized\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":\"%s\","
            + "\"assetKey\":\"%s\",\"partitionKey\":%s,\"dataVersion\":\"%s\",\"codeVersion\":null,"
            + "\"inputDataVersions\":{},\"metadata\":{\"row_count\":3}}")
        .formatted(
            seq,
            Instant.now(),
            asset,
            asset,
            partition == null ? "null" : Json.quote(partition),
            version);
  }

  public static String checked(long seq, String asset, boolean passed) {
    return ("{\"type\":\"check_evaluated\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":\"%s:ok\","
            + "\"assetKey\":\"%s\",\"checkName\":\"ok\",\"partitionKey\":null,\"passed\":%s,"
            + "\"severity\":\"ERROR\",\"blocking\":true,\"description\":\"\",\"metadata\":{}}")
        .formatted(seq, Instant.now(), asset, asset, passed);
  }

  public static String finished(long seq, String status) {
    return "{\"type\":\"run_finished\",\"seq\":%d,\"timestamp\":\"%s\",\"status\":\"%s\",\"durationMillis\":5,\"message\":null}"
        .formatted(seq, Instant.now(), status);
  }

  public static String heartbeat(String agentId) {
    return "{\"agentId\":\""
        + agentId
        + "\",\"version\":\"0.1.0\",\"codeLocations\":[],\"runs\":[],\"stopping\":false,"
        + "\"releasedWorkItems\":[]}";
  }

  /**
   * Puts a row of {@code owner}'s organization in every table of the runs, queue, agents and
   * events: a run (and its launch item), an agent, events with a partitioned materialization and a
   * check result. Call it after {@code CatalogFixtures.seed}, whose sales assets it runs; it uses
   * {@code agentToken} (for prod) only, so no run token is made.
   */
  public static void seed(RunningControlPlane controlPlane, SignedInUser owner, String agentToken) {
    // The catalog's seed loaded the sales assets in prod; the run names no code location.
    HttpResponse<String> launched =
        owner.session().post(runs(owner, "prod"), "{\"selection\":\"sales/raw_orders\"}");
    assertThat(launched.statusCode()).as(launched.body()).isEqualTo(201);
    String runId = Json.string(launched, "id");
    ApiClient agent = agent(controlPlane, agentToken);
    HttpResponse<String> beat = agent.post(AgentProtocol.HEARTBEAT_PATH, heartbeat("seed-agent"));
    assertThat(beat.statusCode()).as(beat.body()).isEqualTo(204);
    HttpResponse<String> events =
        agent.post(
            AgentProtocol.eventsPath(runId),
            batch(
                runId,
                runStarted(1),
                stepStarted(2, "sales/raw_orders", "2024-01-01"),
                materialized(3, "sales/raw_orders", "2024-01-01", "v1"),
                checked(4, "sales/raw_orders", true)));
    assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
  }
}
