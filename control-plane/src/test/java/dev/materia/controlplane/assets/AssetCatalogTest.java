package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.deployments.Deployments;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog, asset detail, materialization history, asset graph and selections of a deployment
 * whose code location {@code sales} was loaded from {@link Snapshots#sales}. Materializations,
 * partition status and check results are written straight into event ingestion's tables.
 */
class AssetCatalogTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private static final Instant T0 = Instant.parse("2024-02-01T10:00:00Z");

  private static SignedInUser owner;
  private static SignedInUser viewer;
  private static UUID orgId;
  private static UUID prodId;
  private static String base;

  @BeforeAll
  static void loadedCodeLocation() throws SQLException {
    Tenants tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Catalog");
    viewer = tenants.join(owner, "viewer");
    orgId = owner.orgId();
    prodId = owner.deploymentId("prod");
    base = "/api/v1/orgs/" + owner.org() + "/deployments/prod";
    owner
        .session()
        .post(
            base + "/code-locations",
            "{\"name\":\"sales\",\"artifact\":\"/opt/sales.jar\",\"version\":\"v1\"}");
    CatalogFixtures.upload(
        controlPlane, tenants.agentToken(owner, "prod"), Snapshots.sales("sales", "v1"));

    UUID run = UUID.randomUUID();
    try (Connection db = controlPlane.database().connect()) {
      // raw_orders after cleaned_orders: cleaned_orders is stale.
      materialized(db, "sales/cleaned_orders", "", run, 1, T0, "v1");
      materialized(db, "sales/raw_orders", "", run, 2, T0.plusSeconds(60), "v1");
      materialized(db, "sales/raw_orders", "", run, 3, T0.plusSeconds(120), "v1");
      for (String day : List.of("2024-01-01", "2024-01-02", "2024-01-03")) {
        partition(db, "sales/daily_revenue", day, "materialized", run);
      }
      partition(db, "sales/daily_revenue", "2024-01-04", "failed", run);
      materialized(db, "sales/daily_revenue", "2024-01-03", run, 4, T0.plusSeconds(180), "v1");
      checkResult(db, "sales/cleaned_orders", "no_test_rows", false, run, T0.plusSeconds(30));
    }
  }

  @Test
  void theCatalogListsAssetsByKeyWithTheirCountAndFilters() {
    JsonNode all = Json.parse(viewer.session().get(base + "/assets"));

    assertThat(keys(all))
        .containsExactly(
            "marketing/campaigns",
            "sales/cleaned_orders",
            "sales/daily_revenue",
            "sales/raw_orders");
    assertThat(all.get("total").getLongValue()).isEqualTo(4);
    assertThat(keys(list("?group=sales"))).hasSize(3);
    assertThat(keys(list("?owner=ada@example.com"))).containsExactly("sales/daily_revenue");
    assertThat(keys(list("?kind=csv"))).containsExactly("marketing/campaigns");
    assertThat(keys(list("?tag=tier=gold")))
        .containsExactly("sales/cleaned_orders", "sales/daily_revenue");
    assertThat(keys(list("?tag=tier"))).hasSize(2);
    assertThat(keys(list("?q=REVENUE"))).containsExactly("sales/daily_revenue");
    assertThat(keys(list("?q=%25"))).isEmpty();
    assertThat(keys(list("?codeLocation=sales"))).hasSize(4);
    assertThat(keys(list("?codeLocation=other"))).isEmpty();
  }

  @Test
  void theCatalogPagesByCursor() {
    JsonNode first = list("?limit=3");
    String cursor = first.get("nextCursor").getStringValue();
    JsonNode second = list("?limit=3&cursor=" + cursor);

    assertThat(keys(first)).hasSize(3);
    assertThat(keys(second)).containsExactly("sales/raw_orders");
    assertThat(second.get("nextCursor").isNull()).isTrue();
  }

  @Test
  void badCatalogParametersAre400NamingTheParameter() {
    for (String[] bad :
        new String[][] {
          {"?limit=0", "limit"},
          {"?limit=1001", "limit"},
          {"?cursor=%21%21", "cursor"},
          {"?tag==gold", "tag"},
          {"?q=" + "x".repeat(201), "q"}
        }) {
      HttpResponse<String> response = viewer.session().get(base + "/assets" + bad[0]);
      assertThat(response.statusCode()).as(bad[0] + " " + response.body()).isEqualTo(400);
      assertThat(Json.string(response, "error", "field")).isEqualTo(bad[1]);
    }
    assertThat(viewer.session().get(base + "/assets?limit=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void eachAssetShowsItsLatestMaterializationPartitionsChecksAndStaleness() {
    JsonNode items = list("").get("items");
    JsonNode campaigns = items.get(0);
    JsonNode cleaned = items.get(1);
    JsonNode revenue = items.get(2);
    JsonNode raw = items.get(3);

    assertThat(campaigns.get("staleness").getStringValue()).isEqualTo("MISSING");
    assertThat(campaigns.get("latestMaterialization").isNull()).isTrue();
    assertThat(raw.get("staleness").getStringValue()).isEqualTo("UP_TO_DATE");
    assertThat(raw.get("latestMaterialization").get("materializedAt").getStringValue())
        .startsWith("2024-02-01T10:02");
    assertThat(raw.get("latestMaterialization").get("metadata").get("row_count").getIntValue())
        .isEqualTo(3);
    assertThat(cleaned.get("staleness").getStringValue()).isEqualTo("STALE");
    JsonNode check = cleaned.get("checks").get(0);
    assertThat(check.get("name").getStringValue()).isEqualTo("no_test_rows");
    assertThat(check.get("blocking").getBooleanValue()).isTrue();
    assertThat(check.get("passed").getBooleanValue()).isFalse();
    assertThat(check.get("severity").getStringValue()).isEqualTo("ERROR");
    JsonNode counts = revenue.get("partitionCounts");
    assertThat(counts.get("total").getLongValue()).isEqualTo(10);
    assertThat(counts.get("materialized").getLongValue()).isEqualTo(3);
    assertThat(counts.get("failed").getLongValue()).isEqualTo(1);
    assertThat(counts.get("missing").getLongValue()).isEqualTo(6);
    assertThat(revenue.get("partitions").get("kind").getStringValue()).isEqualTo("DAILY");
    assertThat(revenue.get("latestMaterialization").get("partitionKey").getStringValue())
        .isEqualTo("2024-01-03");
    assertThat(raw.get("partitionCounts").isNull()).isTrue();
  }

  @Test
  void assetDetailIsAddressedByKeySegmentsAndShowsItsNeighbours() {
    HttpResponse<String> response = viewer.session().get(base + "/assets/sales/cleaned_orders");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode detail = Json.parse(response);
    assertThat(detail.get("asset").get("key").getStringValue()).isEqualTo("sales/cleaned_orders");
    assertThat(detail.get("upstream").get(0).getStringValue()).isEqualTo("sales/raw_orders");
    assertThat(detail.get("downstream").get(0).getStringValue()).isEqualTo("sales/daily_revenue");
    JsonNode revenue = Json.parse(viewer.session().get(base + "/assets/sales/daily_revenue"));
    assertThat(revenue.get("partitionsDefinition").get("start").getStringValue())
        .isEqualTo("2024-01-01T00:00");
    HttpResponse<String> unknown = viewer.session().get(base + "/assets/sales/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Json.string(unknown, "error", "message")).contains("sales/nope");
    assertThat(viewer.session().get(base.replace("/prod", "/nope") + "/assets").statusCode())
        .isEqualTo(404);
  }

  @Test
  void materializationHistoryPagesNewestFirst() {
    String path = base + "/asset-materializations/sales/raw_orders";
    JsonNode first = Json.parse(viewer.session().get(path + "?limit=1"));
    JsonNode second =
        Json.parse(
            viewer
                .session()
                .get(path + "?limit=1&cursor=" + first.get("nextCursor").getStringValue()));

    assertThat(first.get("items").get(0).get("materializedAt").getStringValue())
        .startsWith("2024-02-01T10:02");
    assertThat(second.get("items").get(0).get("materializedAt").getStringValue())
        .startsWith("2024-02-01T10:01");
    assertThat(second.get("nextCursor").isNull()).isTrue();
    JsonNode partition =
        Json.parse(
            viewer
                .session()
                .get(base + "/asset-materializations/sales/daily_revenue?partition=2024-01-03"));
    assertThat(partition.get("items").size()).isEqualTo(1);
    assertThat(viewer.session().get(base + "/asset-materializations/nope").statusCode())
        .isEqualTo(404);
    assertThat(viewer.session().get(path + "?cursor=bm90LWEtbnVtYmVy").statusCode()).isEqualTo(400);
  }

  @Test
  void partitionsOfAnAssetPageByKeyAndFilterByStatus() {
    String path = base + "/asset-partitions/sales/daily_revenue";
    JsonNode first = Json.parse(viewer.session().get(path + "?limit=3"));
    JsonNode rest =
        Json.parse(
            viewer.session().get(path + "?cursor=" + first.get("nextCursor").getStringValue()));
    JsonNode failed = Json.parse(viewer.session().get(path + "?status=failed"));

    assertThat(first.get("items").size()).isEqualTo(3);
    assertThat(first.get("items").get(0).get("partitionKey").getStringValue())
        .isEqualTo("2024-01-01");
    assertThat(rest.get("items").get(0).get("partitionKey").getStringValue())
        .isEqualTo("2024-01-04");
    assertThat(rest.get("nextCursor").isNull()).isTrue();
    assertThat(failed.get("items").size()).isEqualTo(1);
    assertThat(failed.get("items").get(0).get("status").getStringValue()).isEqualTo("failed");
    HttpResponse<String> badStatus = viewer.session().get(path + "?status=done");
    assertThat(badStatus.statusCode()).isEqualTo(400);
    assertThat(Json.string(badStatus, "error", "field")).isEqualTo("status");
    assertThat(viewer.session().get(base + "/asset-partitions/sales/nope").statusCode())
        .isEqualTo(404);
  }

  @Test
  void theCatalogFiltersByStatus() {
    assertThat(keys(list("?status=stale"))).containsExactly("sales/cleaned_orders");
    assertThat(keys(list("?status=missing"))).containsExactly("marketing/campaigns");
    // issue 13: the filter is by status, and daily_revenue's failed partition makes it FAILED
    assertThat(keys(list("?status=UP_TO_DATE&group=sales"))).containsExactly("sales/raw_orders");
    assertThat(list("?status=up_to_date").get("total").getLongValue()).isEqualTo(1);
    assertThat(keys(list("?status=failed"))).containsExactly("sales/daily_revenue");
    assertThat(keys(list("?status=running"))).isEmpty();
    HttpResponse<String> bad = viewer.session().get(base + "/assets?status=old");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.string(bad, "error", "field")).isEqualTo("status");
  }

  @Test
  void theAssetGraphHasEveryNodeAndEdge() {
    JsonNode graph = Json.parse(viewer.session().get(base + "/asset-graph"));

    assertThat(graph.get("nodes").size()).isEqualTo(4);
    assertThat(graph.get("edges").size()).isEqualTo(2);
    JsonNode edge = graph.get("edges").get(0);
    assertThat(edge.get("from").getStringValue()).isEqualTo("sales/raw_orders");
    assertThat(edge.get("to").getStringValue()).isEqualTo("sales/cleaned_orders");
    JsonNode cleaned = graph.get("nodes").get(1);
    assertThat(cleaned.get("key").getStringValue()).isEqualTo("sales/cleaned_orders");
    assertThat(cleaned.get("staleness").getStringValue()).isEqualTo("STALE");
    assertThat(cleaned.get("codeLocation").getStringValue()).isEqualTo("sales");
    assertThat(graph.get("nodes").get(2).get("partitioned").getBooleanValue()).isTrue();
  }

  @Test
  void eachAssetShowsItsNewestRunInTheGraphAndTheCatalog() throws SQLException {
    UUID failed = UUID.randomUUID();
    UUID queued = UUID.randomUUID();
    try (Connection db = controlPlane.database().connect()) {
      run(db, failed, "FAILURE", T0.plusSeconds(600), "sales/raw_orders", "sales/cleaned_orders");
      run(db, queued, "QUEUED", T0.plusSeconds(1200), "sales/raw_orders");
    }

    JsonNode graph = Json.parse(viewer.session().get(base + "/asset-graph"));
    JsonNode page = list("?group=sales");

    for (JsonNode assets : List.of(graph.get("nodes"), page.get("items"))) {
      JsonNode raw = byKey(assets, "sales/raw_orders").get("latestRun");
      assertThat(raw.get("runId").getStringValue()).isEqualTo(queued.toString());
      assertThat(raw.get("status").getStringValue()).isEqualTo("QUEUED");
      assertThat(raw.get("finishedAt").isNull()).isTrue();
      JsonNode cleaned = byKey(assets, "sales/cleaned_orders").get("latestRun");
      assertThat(cleaned.get("runId").getStringValue()).isEqualTo(failed.toString());
      assertThat(cleaned.get("status").getStringValue()).isEqualTo("FAILURE");
      assertThat(cleaned.get("finishedAt").isNull()).isFalse();
      assertThat(byKey(assets, "sales/daily_revenue").get("latestRun").isNull()).isTrue();
    }
  }

  @Test
  void checkHistoryListsTheCheckEventsOfTheAssetsNewestRunsNewestFirst() throws SQLException {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    UUID older = UUID.randomUUID();
    UUID newer = UUID.randomUUID();
    String key = "marketing/campaigns";
    try (Connection db = controlPlane.database().connect()) {
      run(db, older, "SUCCESS", now.minusSeconds(60), key);
      run(db, newer, "FAILURE", now.minusSeconds(30), key);
      event(db, older, now.minusSeconds(60), 5, checkEvaluated(key, "not_empty", true, "ERROR"));
      event(db, older, now.minusSeconds(60), 6, checkEvaluated(key, "recent", false, "WARN"));
      event(db, older, now.minusSeconds(60), 7, "{\"type\":\"log_line\",\"message\":\"x\"}");
      event(
          db,
          newer,
          now.minusSeconds(30),
          2,
          checkEvaluated("sales/raw_orders", "x", true, "WARN"));
      event(db, newer, now.minusSeconds(30), 3, checkEvaluated(key, "not_empty", false, "ERROR"));
    }

    JsonNode history = checkHistory(key, "");
    assertThat(history.get("runsRead").getIntValue()).isEqualTo(2);
    JsonNode items = history.get("items");
    assertThat(items.size()).isEqualTo(3);
    assertThat(items.get(0).get("runId").getStringValue()).isEqualTo(newer.toString());
    assertThat(items.get(0).get("checkName").getStringValue()).isEqualTo("not_empty");
    assertThat(items.get(0).get("passed").getBooleanValue()).isFalse();
    assertThat(items.get(0).get("blocking").getBooleanValue()).isTrue();
    assertThat(items.get(0).get("partitionKey").isNull()).isTrue();
    assertThat(items.get(1).get("checkName").getStringValue()).isEqualTo("recent");
    assertThat(items.get(1).get("severity").getStringValue()).isEqualTo("WARN");
    assertThat(items.get(2).get("passed").getBooleanValue()).isTrue();
    assertThat(checkHistory(key, "?check=not_empty").get("items").size()).isEqualTo(2);
    assertThat(checkHistory(key, "?limit=1").get("items").size()).isEqualTo(1);
    assertThat(checkHistory("sales/daily_revenue", "").get("items").size()).isZero();

    HttpResponse<String> bad =
        viewer.session().get(base + "/asset-check-history/" + key + "?limit=0");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.string(bad, "error", "field")).isEqualTo("limit");
    assertThat(viewer.session().get(base + "/asset-check-history/nope").statusCode())
        .isEqualTo(404);
  }

  private static JsonNode checkHistory(String key, String query) {
    HttpResponse<String> response =
        viewer.session().get(base + "/asset-check-history/" + key + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response);
  }

  private static String checkEvaluated(String key, String check, boolean passed, String severity) {
    return "{\"type\":\"check_evaluated\",\"assetKey\":\""
        + key
        + "\",\"checkName\":\""
        + check
        + "\",\"partitionKey\":null,\"passed\":"
        + passed
        + ",\"severity\":\""
        + severity
        + "\",\"blocking\":true}";
  }

  /** One event of a run created at {@code runCreatedAt}, in its month's event-log partition. */
  private static void event(Connection db, UUID run, Instant runCreatedAt, long seq, String body)
      throws SQLException {
    try (PreparedStatement partition =
            db.prepareStatement("select materia_ensure_run_events_partition(?)");
        PreparedStatement insert =
            db.prepareStatement(
                "insert into run_events (org_id, run_id, run_created_at, seq, type, at, body)"
                    + " values (?, ?, ?, ?, ?::jsonb->>'type', ?, ?::jsonb)")) {
      partition.setTimestamp(1, Timestamp.from(runCreatedAt));
      partition.execute();
      insert.setObject(1, orgId);
      insert.setObject(2, run);
      insert.setTimestamp(3, Timestamp.from(runCreatedAt));
      insert.setLong(4, seq);
      insert.setString(5, body);
      insert.setTimestamp(6, Timestamp.from(runCreatedAt.plusSeconds(seq)));
      insert.setString(7, body);
      insert.executeUpdate();
    }
  }

  private static JsonNode byKey(JsonNode assets, String key) {
    for (int i = 0; i < assets.size(); i++) {
      if (assets.get(i).get("key").getStringValue().equals(key)) {
        return assets.get(i);
      }
    }
    throw new AssertionError("no asset " + key + " in " + assets);
  }

  @Test
  void selectionsResolveAgainstTheLatestSnapshot() {
    assertThat(resolve("sales/raw_orders+").assetKeys())
        .containsExactly("sales/raw_orders", "sales/cleaned_orders");
    assertThat(resolve("*sales/daily_revenue").assetKeys())
        .containsExactly("sales/raw_orders", "sales/cleaned_orders", "sales/daily_revenue");
    assertThat(resolve("group:marketing, tag:tier=gold").assetKeys()).hasSize(3);
    assertThat(resolve("owner:ada@example.com").codeLocations()).containsExactly("sales");

    assertThatThrownBy(() -> resolve("sales/raw_order"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("sales/raw_orders")
        .satisfies(e -> assertThat(((ApiException) e).field()).isEqualTo("selection"));
    assertThatThrownBy(() -> resolve("group:"))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    assertThatThrownBy(() -> resolve("group:nothing"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("selects no asset of deployment 'prod'");
  }

  private static ResolvedSelection resolve(String selection) {
    return controlPlane
        .context()
        .getBean(OrgAccess.class)
        .inOrg(
            UserCaller.session(owner.userId(), UUID.randomUUID(), "127.0.0.1"),
            owner.org(),
            Role.VIEWER,
            scope ->
                controlPlane
                    .context()
                    .getBean(SelectionGraph.class)
                    .resolveSelection(
                        scope,
                        controlPlane.context().getBean(Deployments.class).require(scope, "prod"),
                        selection));
  }

  private static JsonNode list(String query) {
    HttpResponse<String> response = viewer.session().get(base + "/assets" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response);
  }

  private static List<String> keys(JsonNode page) {
    List<String> keys = new ArrayList<>();
    JsonNode items = page.get("items");
    for (int i = 0; i < items.size(); i++) {
      keys.add(items.get(i).get("key").getStringValue());
    }
    return keys;
  }

  private static void materialized(
      Connection db,
      String key,
      String partition,
      UUID run,
      long seq,
      Instant at,
      String codeVersion)
      throws SQLException {
    try (PreparedStatement latest =
            db.prepareStatement(
                "insert into asset_materializations_latest (org_id, deployment_id, asset_key,"
                    + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                    + " metadata) values (?, ?, ?, ?, ?, ?, ?, ?, ?, '{\"row_count\": 3}')"
                    + " on conflict (org_id, deployment_id, asset_key, partition_key) do update"
                    + " set seq = excluded.seq, materialized_at = excluded.materialized_at");
        PreparedStatement history =
            db.prepareStatement(
                "insert into asset_materializations (org_id, deployment_id, asset_key,"
                    + " partition_key, run_id, seq, materialized_at, data_version, code_version)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (PreparedStatement statement : List.of(latest, history)) {
        statement.setObject(1, orgId);
        statement.setObject(2, prodId);
        statement.setString(3, key);
        statement.setString(4, statement == history && partition.isEmpty() ? null : partition);
        statement.setObject(5, run);
        statement.setLong(6, seq);
        statement.setTimestamp(7, Timestamp.from(at));
        statement.setString(8, "dv" + seq);
        statement.setString(9, codeVersion);
        statement.executeUpdate();
      }
    }
  }

  private static void run(Connection db, UUID id, String status, Instant at, String... assetKeys)
      throws SQLException {
    try (PreparedStatement statement =
        db.prepareStatement(
            "insert into runs (id, org_id, deployment_id, code_location, selection, status,"
                + " created_at, finished_at, asset_keys) values (?, ?, ?, 'sales', ?, ?, ?, ?, ?)")) {
      statement.setObject(1, id);
      statement.setObject(2, orgId);
      statement.setObject(3, prodId);
      statement.setString(4, String.join(",", assetKeys));
      statement.setString(5, status);
      statement.setTimestamp(6, Timestamp.from(at));
      statement.setTimestamp(
          7, status.equals("QUEUED") ? null : Timestamp.from(at.plusSeconds(60)));
      statement.setArray(8, db.createArrayOf("text", assetKeys));
      statement.executeUpdate();
    }
  }

  private static void partition(
      Connection db, String key, String partition, String status, UUID run) throws SQLException {
    try (PreparedStatement statement =
        db.prepareStatement(
            "insert into asset_partitions (org_id, deployment_id, asset_key, partition_key,"
                + " status, run_id, updated_at) values (?, ?, ?, ?, ?, ?, now())")) {
      statement.setObject(1, orgId);
      statement.setObject(2, prodId);
      statement.setString(3, key);
      statement.setString(4, partition);
      statement.setString(5, status);
      statement.setObject(6, run);
      statement.executeUpdate();
    }
  }

  private static void checkResult(
      Connection db, String key, String check, boolean passed, UUID run, Instant at)
      throws SQLException {
    try (PreparedStatement statement =
        db.prepareStatement(
            "insert into asset_check_results (org_id, deployment_id, asset_key, check_name,"
                + " passed, severity, blocking, run_id, seq, evaluated_at) values (?, ?, ?, ?,"
                + " ?, 'ERROR', true, ?, 9, ?)")) {
      statement.setObject(1, orgId);
      statement.setObject(2, prodId);
      statement.setString(3, key);
      statement.setString(4, check);
      statement.setBoolean(5, passed);
      statement.setObject(6, run);
      statement.setTimestamp(7, Timestamp.from(at));
      statement.executeUpdate();
    }
  }
}
