package dev.materia.controlplane.agents;

import static dev.materia.controlplane.runs.RunFixtures.agent;
import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.finished;
import static dev.materia.controlplane.runs.RunFixtures.finishedAnHourAgo;
import static dev.materia.controlplane.runs.RunFixtures.log;
import static dev.materia.controlplane.runs.RunFixtures.postEvents;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.runs.RunFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.runs.RunFixtures.ClaimedRun;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.ServedRoutes;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What each credential may do on each agent route: the table below names the answer of every agent
 * route of the server for every kind of credential, so a new route or a loosened check shows up
 * here. "This" deployment is {@code prod}, where the runs are; "another" is {@code dev}.
 */
class AgentRouteCredentialsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  /** A credential, relative to the resources the route's request names. */
  enum Credential {
    AGENT_TOKEN_OF_THIS_DEPLOYMENT,
    AGENT_TOKEN_OF_ANOTHER_DEPLOYMENT,
    RUN_TOKEN_OF_THIS_RUN,
    RUN_TOKEN_OF_ANOTHER_RUN,
    RUN_TOKEN_OF_AN_ENDED_RUN,
    USER_TOKEN
  }

  /** A request of one route and the answer each credential gets: "200", "403 wrong_token_kind". */
  record AgentRoute(
      String method, String template, Supplier<Request> request, Map<Credential, String> expected) {
    String key() {
      return method + " " + template;
    }
  }

  record Request(String path, String body) {}

  private static Tenants tenants;
  private static SignedInUser owner;
  private static final Map<Credential, String> tokens = new LinkedHashMap<>();
  private static String prodAgent;
  private static String devAgent;
  private static String thisRun;

  @BeforeAll
  static void organization() throws SQLException {
    tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Credentials");
    HttpResponse<String> dev =
        owner.session().post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"dev\"}");
    assertThat(dev.statusCode()).as(dev.body()).isEqualTo(201);
    prodAgent = RunFixtures.prepare(controlPlane, owner, "prod");
    devAgent = tenants.agentToken(owner, "dev");
    ClaimedRun mine = started(controlPlane, owner, prodAgent);
    ClaimedRun other = started(controlPlane, owner, prodAgent);
    ClaimedRun ended = started(controlPlane, owner, prodAgent);
    HttpResponse<String> finish =
        postEvents(
            controlPlane,
            ended.token(),
            ended.id(),
            batch(ended.id(), runStarted(1), finished(2, "SUCCESS")));
    assertThat(finish.statusCode()).as(finish.body()).isEqualTo(200);
    finishedAnHourAgo(controlPlane, ended.id());
    thisRun = mine.id();
    tokens.put(Credential.AGENT_TOKEN_OF_THIS_DEPLOYMENT, prodAgent);
    tokens.put(Credential.AGENT_TOKEN_OF_ANOTHER_DEPLOYMENT, devAgent);
    tokens.put(Credential.RUN_TOKEN_OF_THIS_RUN, mine.token());
    tokens.put(Credential.RUN_TOKEN_OF_ANOTHER_RUN, other.token());
    tokens.put(Credential.RUN_TOKEN_OF_AN_ENDED_RUN, ended.token());
    tokens.put(Credential.USER_TOKEN, tenants.userToken(owner));
  }

  private static List<AgentRoute> routes() {
    String snapshot =
        Snapshots.json(
            controlPlane.context().getBean(JsonMapper.class), Snapshots.sales("sales", "v1"));
    return List.of(
        new AgentRoute(
            "GET",
            AgentProtocol.WORK_PATH,
            () -> new Request(AgentProtocol.WORK_PATH + "?wait=0", null),
            expect(
                "200",
                "200", // each agent token polls its own deployments
                "403 wrong_token_kind",
                "403 wrong_token_kind",
                "403 wrong_token_kind",
                "403 wrong_token_kind")),
        new AgentRoute(
            "POST",
            AgentProtocol.HEARTBEAT_PATH,
            () ->
                new Request(
                    AgentProtocol.HEARTBEAT_PATH,
                    "{\"agentId\":\"table\",\"version\":\"0.1.0\",\"codeLocations\":[],"
                        + "\"runs\":[{\"runId\":\""
                        + thisRun
                        + "\",\"workItemId\":\""
                        + UUID.randomUUID()
                        + "\",\"status\":\"STARTED\",\"appendedSeq\":1}],"
                        + "\"stopping\":false,\"releasedWorkItems\":[]}"),
            expect(
                "204",
                "204", // the dev agent's naming of a prod run is ignored (test below)
                "403 wrong_token_kind",
                "403 wrong_token_kind",
                "403 wrong_token_kind",
                "403 wrong_token_kind")),
        new AgentRoute(
            "PUT",
            AgentProtocol.SNAPSHOT_PATH,
            () -> new Request(AgentProtocol.snapshotPath("sales") + "?deployment=prod", snapshot),
            expect(
                "200",
                "403 deployment_not_allowed",
                "403 wrong_token_kind",
                "403 wrong_token_kind",
                "403 wrong_token_kind",
                "403 wrong_token_kind")),
        new AgentRoute(
            "POST",
            AgentProtocol.EVENTS_PATH,
            () -> new Request(AgentProtocol.eventsPath(thisRun), batch(thisRun, log(1, "hello"))),
            expect(
                "200",
                "404 not_found",
                "200",
                "403 wrong_run",
                "403 wrong_run",
                "403 wrong_token_kind")),
        new AgentRoute(
            "GET",
            "/api/agent/v1/identity",
            () -> new Request("/api/agent/v1/identity", null),
            expect(
                "200",
                "200", // what the token itself is for
                "200",
                "200",
                "403 run_ended",
                "403 wrong_token_kind")));
  }

  private static Map<Credential, String> expect(String... answers) {
    Map<Credential, String> expected = new LinkedHashMap<>();
    for (Credential credential : Credential.values()) {
      expected.put(credential, answers[credential.ordinal()]);
    }
    return expected;
  }

  @Test
  void everyAgentRouteOfTheServerIsInThisTable() {
    Set<String> served = ServedRoutes.of(controlPlane, "/api/agent/");

    assertThat(served)
        .as("add new agent routes to this table with each credential's answer")
        .containsExactlyInAnyOrderElementsOf(routes().stream().map(AgentRoute::key).toList());
  }

  @TestFactory
  Stream<DynamicTest> eachCredentialGetsTheAnswerTheTableNames() {
    List<DynamicTest> tests = new ArrayList<>();
    for (AgentRoute route : routes()) {
      for (Credential credential : Credential.values()) {
        tests.add(
            dynamicTest(
                route.key() + " with " + credential,
                () -> {
                  Request request = route.request().get();

                  HttpResponse<String> response =
                      agent(controlPlane, tokens.get(credential))
                          .send(route.method(), request.path(), request.body());

                  String expected = route.expected().get(credential);
                  String answer =
                      response.statusCode() < 300
                          ? String.valueOf(response.statusCode())
                          : response.statusCode() + " " + Json.string(response, "error", "code");
                  assertThat(answer).as(response.body()).isEqualTo(expected);
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void aRunTokenCannotReplaceASnapshot() {
    ClaimedRun run = started(controlPlane, owner, prodAgent);
    String location = "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations/sales";
    String hash = Json.string(owner.session().get(location), "snapshot", "hash");
    String other =
        Snapshots.json(
            controlPlane.context().getBean(JsonMapper.class),
            Snapshots.synthetic("sales", 3, 2, 7));

    HttpResponse<String> upload =
        agent(controlPlane, run.token())
            .send("PUT", AgentProtocol.snapshotPath("sales") + "?deployment=prod", other);

    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(403);
    assertThat(Json.string(upload, "error", "code")).isEqualTo("wrong_token_kind");
    assertThat(Json.string(owner.session().get(location), "snapshot", "hash")).isEqualTo(hash);
  }

  @Test
  void aHeartbeatRefreshesOnlyRunsOfItsTokensDeployments() throws SQLException {
    ClaimedRun run = started(controlPlane, owner, prodAgent);
    Timestamp before = heardHalfAMinuteAgo(run.id());
    String beat =
        "{\"agentId\":\"dev-agent\",\"version\":\"0.1.0\",\"codeLocations\":[],"
            + "\"runs\":[{\"runId\":\""
            + run.id()
            + "\",\"workItemId\":\""
            + UUID.randomUUID()
            + "\",\"status\":\"STARTED\",\"appendedSeq\":1}],"
            + "\"stopping\":false,\"releasedWorkItems\":[]}";

    HttpResponse<String> fromDev =
        agent(controlPlane, devAgent).post(AgentProtocol.HEARTBEAT_PATH, beat);

    assertThat(fromDev.statusCode()).as(fromDev.body()).isEqualTo(204);
    assertThat(lastHeard(run.id())).isEqualTo(before);
    HttpResponse<String> fromProd =
        agent(controlPlane, prodAgent).post(AgentProtocol.HEARTBEAT_PATH, beat);
    assertThat(fromProd.statusCode()).as(fromProd.body()).isEqualTo(204);
    assertThat(lastHeard(run.id())).isAfter(before);
  }

  private static Timestamp heardHalfAMinuteAgo(String runId) throws SQLException {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update runs set last_heard_at = now() - interval '30 seconds' where id = ?"
                    + " returning last_heard_at")) {
      statement.setObject(1, UUID.fromString(runId));
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getTimestamp(1);
      }
    }
  }

  private static Timestamp lastHeard(String runId) throws SQLException {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement("select last_heard_at from runs where id = ?")) {
      statement.setObject(1, UUID.fromString(runId));
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getTimestamp(1);
      }
    }
  }
}
