package dev.materia.controlplane.codelocations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot the control plane refuses marks the registered version FAILED with the refusal as its
 * reason, while the previous snapshot keeps serving: real PostgreSQL, real HTTP, the agent's routes
 * spoken as the agent speaks them.
 */
class RefusedSnapshotTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private final Tenants tenants = new Tenants(controlPlane);

  @Test
  void aSnapshotRefusedForAKeyOfAnotherLocationFailsItsVersionAndTheOldSnapshotKeepsServing()
      throws Exception {
    SignedInUser owner = tenants.signUp("Refused");
    ApiClient agent = agent(tenants.agentToken(owner, "prod"));
    String path = "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations";
    owner.session().post(path, register("sales", "v1"));
    assertThat(upload(agent, Snapshots.sales("sales", "v1")).statusCode()).isEqualTo(200);
    owner.session().post(path, register("extra", "v1"));
    assertThat(upload(agent, extra("v1", "extra/one")).statusCode()).isEqualTo(200);

    owner.session().post(path, register("extra", "v2"));
    HttpResponse<String> refused = upload(agent, extra("v2", "extra/one", "sales/raw_orders"));
    // The agent, which loaded v2 itself, still says so in its heartbeat.
    HttpResponse<String> beat = agent.post(AgentProtocol.HEARTBEAT_PATH, heartbeatLoaded("v2"));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(beat.statusCode()).as(beat.body()).isEqualTo(204);
    HttpResponse<String> detail = owner.session().get(path + "/extra");
    assertThat(Json.string(detail, "status")).isEqualTo("FAILED");
    assertThat(Json.string(detail, "version")).isEqualTo("v2");
    assertThat(Json.string(detail, "failedVersion")).isEqualTo("v2");
    assertThat(Json.string(detail, "servingVersion")).isEqualTo("v1");
    assertThat(Json.string(detail, "snapshot", "version")).isEqualTo("v1");
    assertThat(Json.string(detail, "loadError", "className"))
        .isEqualTo(AgentProtocol.SNAPSHOT_REFUSED);
    assertThat(Json.string(detail, "loadError", "message"))
        .isEqualTo(Json.string(refused, "error", "message"))
        .contains("sales/raw_orders")
        .contains("already defined by code location sales");
    assertThat(keysOf(owner, "extra")).containsExactly("extra/one");
    JsonNode listed = Json.parse(owner.session().get(path));
    assertThat(listed.get(0).get("name").getStringValue()).isEqualTo("extra");
    assertThat(listed.get(0).get("failedVersion").getStringValue()).isEqualTo("v2");
    assertThat(listed.get(0).get("servingVersion").getStringValue()).isEqualTo("v1");
  }

  @Test
  void aLoadedLocationServesItsVersionAndNamesNoFailedOne() {
    SignedInUser owner = tenants.signUp("Serving");
    ApiClient agent = agent(tenants.agentToken(owner, "prod"));
    String path = "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations";
    owner.session().post(path, register("sales", "v1"));

    HttpResponse<String> pending = owner.session().get(path + "/sales");
    upload(agent, Snapshots.sales("sales", "v1"));
    HttpResponse<String> loaded = owner.session().get(path + "/sales");

    assertThat(Json.parse(pending).get("servingVersion").isNull()).isTrue();
    assertThat(Json.parse(pending).get("failedVersion").isNull()).isTrue();
    assertThat(Json.string(loaded, "status")).isEqualTo("LOADED");
    assertThat(Json.string(loaded, "servingVersion")).isEqualTo("v1");
    assertThat(Json.parse(loaded).get("failedVersion").isNull()).isTrue();
  }

  @Test
  void anInvalidSnapshotOfTheRegisteredVersionFailsItWithTheRefusal() {
    SignedInUser owner = tenants.signUp("Invalid");
    ApiClient agent = agent(tenants.agentToken(owner, "prod"));
    String path = "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations";
    owner.session().post(path, register("sales", "v1"));
    String body = json(Snapshots.sales("sales", "v1"));
    String broken = body.replace("\"cron\":\"0 2 * * *\"", "\"cron\":\"every night\"");
    assertThat(broken).isNotEqualTo(body);

    HttpResponse<String> refused =
        agent.send("PUT", AgentProtocol.snapshotPath("sales") + "?deployment=prod", broken);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    HttpResponse<String> detail = owner.session().get(path + "/sales");
    assertThat(Json.string(detail, "status")).isEqualTo("FAILED");
    assertThat(Json.string(detail, "failedVersion")).isEqualTo("v1");
    assertThat(Json.parse(detail).get("servingVersion").isNull()).isTrue();
    assertThat(Json.string(detail, "loadError", "message"))
        .isEqualTo(Json.string(refused, "error", "message"));
  }

  @Test
  void aRefusedSnapshotOfAnOlderVersionLeavesTheRegisteredOneAlone() {
    SignedInUser owner = tenants.signUp("Older");
    ApiClient agent = agent(tenants.agentToken(owner, "prod"));
    String path = "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations";
    owner.session().post(path, register("sales", "v1"));
    upload(agent, Snapshots.sales("sales", "v1"));
    owner.session().post(path, register("extra", "v2"));

    HttpResponse<String> refused = upload(agent, extra("v1", "sales/raw_orders"));

    assertThat(refused.statusCode()).isEqualTo(409);
    HttpResponse<String> detail = owner.session().get(path + "/extra");
    assertThat(Json.string(detail, "status")).isEqualTo("PENDING");
    assertThat(Json.parse(detail).get("failedVersion").isNull()).isTrue();
  }

  private static String register(String name, String version) {
    return "{\"name\":%s,\"artifact\":\"/opt/%s.jar\",\"version\":%s}"
        .formatted(Json.quote(name), name, Json.quote(version));
  }

  private static CodeLocationSnapshot extra(String version, String... keys) {
    List<AssetSnapshot> assets = new ArrayList<>();
    for (String key : keys) {
      assets.add(
          new AssetSnapshot(
              key, List.of(), "extra", "", List.of(), Map.of(), List.of(), "1", null, null));
    }
    return CodeLocationSnapshot.of("extra", version, assets, List.of(), List.of());
  }

  private static String heartbeatLoaded(String version) {
    return ("{\"agentId\":\"agent-1\",\"version\":\"0.1.0\",\"codeLocations\":[{\"deployment\":"
            + "\"prod\",\"name\":\"extra\",\"version\":\"%s\",\"state\":\"LOADED\","
            + "\"snapshotHash\":null,\"error\":null}],\"runs\":[],\"stopping\":false,"
            + "\"releasedWorkItems\":[]}")
        .formatted(version);
  }

  private ApiClient agent(String token) {
    return controlPlane.client().bearer(token).header(AgentProtocol.HEADER, "1");
  }

  private HttpResponse<String> upload(ApiClient agent, CodeLocationSnapshot snapshot) {
    return agent.send(
        "PUT", AgentProtocol.snapshotPath(snapshot.name()) + "?deployment=prod", json(snapshot));
  }

  private String json(CodeLocationSnapshot snapshot) {
    return Snapshots.json(controlPlane.context().getBean(JsonMapper.class), snapshot);
  }

  private List<String> keysOf(SignedInUser owner, String location) throws Exception {
    List<String> keys = new ArrayList<>();
    try (Connection connection = controlPlane.database().connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select a.key from assets a join code_locations c on c.id = a.code_location_id"
                    + " where a.org_id = '"
                    + owner.orgId()
                    + "' and c.name = '"
                    + location
                    + "' order by a.key")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }
}
