package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET .../asset-graph} over HTTP: its entity tag and 304, and that the cached structure
 * follows new snapshots while statuses stay live.
 */
class AssetGraphRouteTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static SignedInUser viewer;
  private static ApiClient agent;
  private static UUID orgId;
  private static UUID prodId;
  private static String graph;

  @BeforeAll
  static void loadedCodeLocation() {
    Tenants tenants = new Tenants(controlPlane);
    SignedInUser owner = tenants.signUp("Graph");
    viewer = tenants.join(owner, "viewer");
    orgId = owner.orgId();
    prodId = owner.deploymentId("prod");
    String base = "/api/v1/orgs/" + owner.org() + "/deployments/prod";
    graph = base + "/asset-graph";
    owner
        .session()
        .post(
            base + "/code-locations",
            "{\"name\":\"sales\",\"artifact\":\"/opt/sales.jar\",\"version\":\"v1\"}");
    agent =
        controlPlane
            .client()
            .bearer(tenants.agentToken(owner, "prod"))
            .header("Materia-Protocol", "1");
    upload(Snapshots.sales("sales", "v1"));
  }

  @Test
  void aRequestNamingTheGraphsEtagGets304WithoutABody() {
    HttpResponse<String> first = viewer.session().get(graph);
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> same = viewer.session().header("If-None-Match", etag).get(graph);
    HttpResponse<String> other = viewer.session().header("If-None-Match", "\"other\"").get(graph);

    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(same.headers().firstValue("ETag")).contains(etag);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(first.body());
    assertThat(first.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
  }

  @Test
  void theGraphFollowsNewSnapshotsAndNewMaterializations() throws SQLException {
    HttpResponse<String> before = viewer.session().get(graph);
    assertThat(Json.parse(before).get("nodes").size()).isEqualTo(4);
    Instant at = Instant.parse("2024-03-01T08:00:00Z");

    materialized("sales/raw_orders", at);
    HttpResponse<String> materialized = viewer.session().get(graph);
    upload(
        CodeLocationSnapshot.of(
            "sales",
            "v2",
            List.of(
                Snapshots.asset(
                    "marketing/campaigns", List.of(), "mkt", List.of(), Map.of(), null)),
            List.of(),
            List.of()));
    JsonNode smaller = Json.parse(viewer.session().get(graph));
    upload(Snapshots.sales("sales", "v1"));
    JsonNode again = Json.parse(viewer.session().get(graph));

    assertThat(materialized.headers().firstValue("ETag"))
        .isNotEqualTo(before.headers().firstValue("ETag"));
    JsonNode raw = Json.parse(materialized).get("nodes").get(3);
    assertThat(raw.get("key").getStringValue()).isEqualTo("sales/raw_orders");
    assertThat(raw.get("materializedAt").getStringValue()).isEqualTo(at.toString());
    assertThat(raw.get("staleness").getStringValue()).isEqualTo("UP_TO_DATE");
    assertThat(smaller.get("nodes").size()).isEqualTo(1);
    assertThat(smaller.get("nodes").get(0).get("group").getStringValue()).isEqualTo("mkt");
    assertThat(smaller.get("edges").size()).isZero();
    assertThat(again.get("nodes").size()).isEqualTo(4);
    assertThat(again.get("edges").size()).isEqualTo(2);
  }

  private static void upload(CodeLocationSnapshot snapshot) {
    HttpResponse<String> uploaded =
        agent.send(
            "PUT",
            "/api/agent/v1/code-locations/sales/snapshot?deployment=prod",
            Snapshots.json(controlPlane.context().getBean(JsonMapper.class), snapshot));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
  }

  private static void materialized(String key, Instant at) throws SQLException {
    try (Connection db = controlPlane.database().connect();
        PreparedStatement statement =
            db.prepareStatement(
                "insert into asset_materializations_latest (org_id, deployment_id, asset_key,"
                    + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                    + " metadata) values (?, ?, ?, '', ?, 1, ?, 'd1', null, '{}')")) {
      statement.setObject(1, orgId);
      statement.setObject(2, prodId);
      statement.setString(3, key);
      statement.setObject(4, UUID.randomUUID());
      statement.setTimestamp(5, Timestamp.from(at));
      statement.executeUpdate();
    }
  }
}
