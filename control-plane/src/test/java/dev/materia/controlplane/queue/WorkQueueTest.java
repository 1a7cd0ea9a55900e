package dev.materia.controlplane.queue;

import static dev.materia.controlplane.runs.RunFixtures.agent;
import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.launch;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.runs.RunFixtures.runs;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkQueueTest {
  // A lease longer than any test here, so a claimed item stays claimed however slow the machine
  // (with a 1 s lease, a pause between a claim and the next request requeued it); tests that need
  // a lease to run out move it into the past (expireLease). Frequent sweeps find it at once.
  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(
          Map.of(
              "materia.queue.lease", "60s",
              "materia.queue.sweep-interval", "100ms",
              "materia.runs.silence-timeout", "30s"));

  private static Tenants tenants;
  private static SignedInUser owner;

  @BeforeAll
  static void organization() {
    tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Queue");
  }

  private static String freshDeployment(String name) {
    owner
        .session()
        .post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"" + name + "\"}");
    dev.materia.controlplane.runs.RunFixtures.prepare(controlPlane, owner, name);
    return name;
  }

  @Test
  void aPollClaimsTheLaunchWithARunTokenAndTheRunIsStarting() {
    String deployment = freshDeployment("claims");
    String token = tenants.agentToken(owner, deployment);
    String runId = launch(owner, deployment, "sales/raw_orders");

    HttpResponse<String> poll =
        agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0s");

    assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
    var item = Json.parse(poll).get("items").get(0);
    assertThat(item.get("type").getStringValue()).isEqualTo("launch_run");
    assertThat(item.get("runId").getStringValue()).isEqualTo(runId);
    assertThat(item.get("deployment").getStringValue()).isEqualTo(deployment);
    assertThat(item.get("runToken").getStringValue()).startsWith("mtr_");
    assertThat(Json.string(poll, "heartbeatIntervalMillis")).isEqualTo("10000");
    assertThat(Json.string(owner.session().get(runs(owner, deployment) + "/" + runId), "status"))
        .isEqualTo("STARTING");
    HttpResponse<String> empty =
        agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0s");
    assertThat(items(empty)).isZero();
  }

  @Test
  void aHeldPollIsWokenByNotifyWhenARunIsLaunched() throws Exception {
    String deployment = freshDeployment("wakes");
    String token = tenants.agentToken(owner, deployment);
    int before = controlPlane.context().getBean(LongPolls.class).held();
    CompletableFuture<HttpResponse<String>> poll =
        CompletableFuture.supplyAsync(
            () -> agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=30s"));
    await(() -> controlPlane.context().getBean(LongPolls.class).held() > before);

    String runId = launch(owner, deployment, "sales/raw_orders");

    HttpResponse<String> response = poll.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.parse(response).get("items").get(0).get("runId").getStringValue())
        .isEqualTo(runId);
  }

  @Test
  void anAgentTokenNeverSeesWorkOfDeploymentsItWasNotGiven() {
    String mine = freshDeployment("mine");
    String theirs = freshDeployment("theirs");
    String token = tenants.agentToken(owner, mine);
    launch(owner, theirs, "sales/raw_orders");
    SignedInUser stranger = tenants.signUp("Stranger");
    dev.materia.controlplane.runs.RunFixtures.prepare(controlPlane, stranger, "prod");
    launch(stranger, "prod", "sales/raw_orders");

    HttpResponse<String> poll = agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");

    assertThat(items(poll)).isZero();
  }

  @Test
  void anExpiredLeaseReturnsTheLaunchToTheQueueAndTheRunToQueued() {
    String deployment = freshDeployment("leases");
    String token = tenants.agentToken(owner, deployment);
    String runId = launch(owner, deployment, "sales/raw_orders");
    HttpResponse<String> first =
        agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");
    assertThat(Json.parse(first).get("items").size()).isEqualTo(1);
    String itemId = Json.parse(first).get("items").get(0).get("id").getStringValue();
    assertThat(leaseLeft(itemId)).as("the claim took a lease").isPositive();

    // No heartbeat renews the lease and it runs out; the sweeper (every 100 ms) requeues it.
    expireLease(itemId);
    HttpResponse<String> again =
        agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=20s");

    var item = Json.parse(again).get("items").get(0);
    assertThat(item.get("runId").getStringValue()).isEqualTo(runId);
    assertThat(item.get("id").getStringValue()).isEqualTo(itemId);
    assertThat(Json.string(owner.session().get(runs(owner, deployment) + "/" + runId), "status"))
        .isEqualTo("STARTING");
  }

  @Test
  void aStoppingAgentGivesBackALaunchItHadNotBegunAndTheRunIsQueuedForTheNextAgent() {
    String deployment = freshDeployment("given-back");
    String token = tenants.agentToken(owner, deployment);
    String runId = launch(owner, deployment, "sales/raw_orders");
    var item =
        Json.parse(agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0"))
            .get("items")
            .get(0);
    String itemId = item.get("id").getStringValue();
    String run = runs(owner, deployment) + "/" + runId;
    assertThat(Json.string(owner.session().get(run), "status")).isEqualTo("STARTING");

    HttpResponse<String> beat =
        agent(controlPlane, token)
            .post(
                AgentProtocol.HEARTBEAT_PATH,
                "{\"agentId\":\"leaving\",\"version\":\"0.1.0\",\"codeLocations\":[],"
                    + "\"runs\":[],\"stopping\":true,\"releasedWorkItems\":[\""
                    + itemId
                    + "\"]}");

    assertThat(beat.statusCode()).as(beat.body()).isEqualTo(204);
    assertThat(Json.string(owner.session().get(run), "status")).isEqualTo("QUEUED");
    var again =
        Json.parse(agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0"))
            .get("items")
            .get(0);
    assertThat(again.get("runId").getStringValue()).isEqualTo(runId);
    assertThat(Json.string(owner.session().get(run), "status")).isEqualTo("STARTING");
  }

  @Test
  void heartbeatsKeepTheLeaseAliveAndEventsFinishTheLaunch() {
    String deployment = freshDeployment("renewed");
    String token = tenants.agentToken(owner, deployment);
    String runId = launch(owner, deployment, "sales/raw_orders");
    HttpResponse<String> poll = agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");
    var item = Json.parse(poll).get("items").get(0);
    String runToken = item.get("runToken").getStringValue();

    HttpResponse<String> events =
        agent(controlPlane, runToken)
            .post(AgentProtocol.eventsPath(runId), batch(runId, runStarted(1)));

    assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
    assertThat(Json.string(owner.session().get(runs(owner, deployment) + "/" + runId), "status"))
        .isEqualTo("STARTED");
    // Done, not merely leased (the lease outlasts the test, so asking the queue would not tell).
    assertThat(workItemStatus(item.get("id").getStringValue())).as("the launch").isEqualTo("done");
    HttpResponse<String> later =
        agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");
    assertThat(items(later)).as("the launch is done").isZero();
  }

  @Test
  void aHeartbeatAndTheFirstBatchOfTheSameRunNeverDeadlock() throws Exception {
    String deployment = freshDeployment("together");
    String token = tenants.agentToken(owner, deployment);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 15; i++) {
        String runId = launch(owner, deployment, "sales/raw_orders");
        var item =
            Json.parse(agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0"))
                .get("items")
                .get(0);
        String runToken = item.get("runToken").getStringValue();
        String heartbeat =
            "{\"agentId\":\"together\",\"version\":\"0.1.0\",\"codeLocations\":[],"
                + "\"runs\":[{\"runId\":\""
                + runId
                + "\",\"workItemId\":\""
                + item.get("id").getStringValue()
                + "\",\"status\":\"STARTED\",\"appendedSeq\":1}],"
                + "\"stopping\":false,\"releasedWorkItems\":[]}";
        var beat =
            pool.submit(
                () -> agent(controlPlane, token).post(AgentProtocol.HEARTBEAT_PATH, heartbeat));
        var events =
            pool.submit(
                () ->
                    agent(controlPlane, runToken)
                        .post(AgentProtocol.eventsPath(runId), batch(runId, runStarted(1))));

        assertThat(beat.get().statusCode()).as(beat.get().body()).isEqualTo(204);
        assertThat(events.get().statusCode()).as(events.get().body()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancelingAStartedRunQueuesATerminateForTheAgent() {
    String deployment = freshDeployment("terminate");
    String token = tenants.agentToken(owner, deployment);
    String runId = launch(owner, deployment, "sales/raw_orders");
    var launchItem =
        Json.parse(agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0"));
    String runToken = launchItem.get("items").get(0).get("runToken").getStringValue();
    agent(controlPlane, runToken)
        .post(AgentProtocol.eventsPath(runId), batch(runId, runStarted(1)));

    HttpResponse<String> cancel =
        owner.session().post(runs(owner, deployment) + "/" + runId + "/cancel", null);
    HttpResponse<String> poll = agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");

    assertThat(Json.string(cancel, "cancelRequested")).isEqualTo("true");
    var item = Json.parse(poll).get("items").get(0);
    assertThat(item.get("type").getStringValue()).isEqualTo("terminate_run");
    assertThat(item.get("runId").getStringValue()).isEqualTo(runId);
    assertThat(item.get("reason").getStringValue())
        .as("the agent writes the reason into the run's end; it names the person")
        .isEqualTo("canceled by " + Json.string(owner.session().get("/api/v1/me"), "user", "name"));
  }

  @Test
  void theProtocolHeaderIsRequiredAndAnUnknownMajorIsAClear400() {
    String token = tenants.agentToken(owner, "prod");

    HttpResponse<String> missing =
        controlPlane.client().bearer(token).get(AgentProtocol.WORK_PATH + "?wait=0");
    HttpResponse<String> two =
        controlPlane
            .client()
            .bearer(token)
            .header(AgentProtocol.HEADER, "2")
            .get(AgentProtocol.WORK_PATH + "?wait=0");

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(two.statusCode()).isEqualTo(400);
    assertThat(Json.string(two, "error", "field")).isEqualTo(AgentProtocol.HEADER);
    assertThat(Json.string(two, "error", "message")).contains("major version 1");
  }

  @Test
  void aBadWaitIs400AndARevokedTokenIs401() {
    HttpResponse<String> created =
        owner
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/agent-tokens",
                "{\"name\":\"soon-revoked\",\"deployments\":[\"prod\"]}");
    String token = Json.string(created, "token");
    assertThat(agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=soon").statusCode())
        .isEqualTo(400);
    assertThat(agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=999s").statusCode())
        .isEqualTo(400);

    owner
        .session()
        .delete("/api/v1/orgs/" + owner.org() + "/agent-tokens/" + Json.string(created, "id"));
    HttpResponse<String> revoked =
        agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");

    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(Json.string(revoked, "error", "code")).isEqualTo("token_revoked");
  }

  @Test
  void heartbeatsRecordTheAgentAndRefuseRunTokens() {
    String token = tenants.agentToken(owner, "prod");
    HttpResponse<String> beat =
        agent(controlPlane, token)
            .post(
                AgentProtocol.HEARTBEAT_PATH,
                dev.materia.controlplane.runs.RunFixtures.heartbeat("a-1"));
    assertThat(beat.statusCode()).as(beat.body()).isEqualTo(204);
    HttpResponse<String> bad =
        agent(controlPlane, token).post(AgentProtocol.HEARTBEAT_PATH, "{\"version\":\"1\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void theAgentsListShowsTheAgentFromItsHeartbeat() {
    String token = tenants.agentToken(owner, "prod");
    agent(controlPlane, token)
        .post(
            AgentProtocol.HEARTBEAT_PATH,
            dev.materia.controlplane.runs.RunFixtures.heartbeat("listed-agent"));

    HttpResponse<String> agents = owner.session().get("/api/v1/orgs/" + owner.org() + "/agents");

    assertThat(agents.statusCode()).as(agents.body()).isEqualTo(200);
    assertThat(agents.body())
        .contains("\"agentId\":\"listed-agent\"")
        .contains("\"status\":\"up\"");
  }

  /** Moves the lease on a claimed work item into the past, as if it had run out. */
  private static void expireLease(String workItemId) {
    sql(
        "update work_items set lease_expires_at = now() - interval '1 second'"
            + " where status = 'claimed' and id = '"
            + UUID.fromString(workItemId)
            + "'");
  }

  /** Milliseconds left on a work item's lease; negative once run out, 0 without one. */
  private static long leaseLeft(String workItemId) {
    return Long.parseLong(
        sql(
            "select coalesce(extract(epoch from lease_expires_at - now()) * 1000, 0)::bigint"
                + " from work_items where id = '"
                + UUID.fromString(workItemId)
                + "'"));
  }

  private static String workItemStatus(String workItemId) {
    return sql("select status from work_items where id = '" + UUID.fromString(workItemId) + "'");
  }

  /** Runs one statement as the database's administrator; a query's first column of its row. */
  private static String sql(String statement) {
    try (Connection connection = controlPlane.database().connect();
        Statement s = connection.createStatement()) {
      if (!s.execute(statement)) {
        assertThat(s.getUpdateCount()).as(statement).isEqualTo(1);
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        assertThat(rs.next()).as(statement).isTrue();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  static int items(HttpResponse<String> poll) {
    assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
    var items = Json.parse(poll).get("items");
    return items == null ? 0 : items.size();
  }
}
