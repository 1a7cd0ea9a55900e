package dev.materia.controlplane.codelocations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.ErrorInfo;
import dev.materia.api.agent.CodeLocationState;
import dev.materia.api.agent.CodeLocationStatus;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.assets.ResolvedSelection;
import dev.materia.controlplane.assets.SelectionGraph;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.deployments.Deployments;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.TenantSnapshot;
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
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CodeLocationsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private final Tenants tenants = new Tenants(controlPlane);

  private static String locations(SignedInUser user, String deployment) {
    return "/api/v1/orgs/" + user.org() + "/deployments/" + deployment + "/code-locations";
  }

  private static String register(String name, String artifact, String version) {
    return "{\"name\":%s,\"artifact\":%s,\"version\":%s}"
        .formatted(Json.quote(name), Json.quote(artifact), Json.quote(version));
  }

  private ApiClient agent(String token) {
    return controlPlane.client().bearer(token).header("Materia-Protocol", "1");
  }

  private String json(CodeLocationSnapshot snapshot) {
    return Snapshots.json(controlPlane.context().getBean(JsonMapper.class), snapshot);
  }

  private static String snapshotPath(String name, String deployment) {
    return "/api/agent/v1/code-locations/" + name + "/snapshot?deployment=" + deployment;
  }

  @Test
  void anEditorRegistersALocationThatViewersSeePendingUntilAnAgentUploadsItsSnapshot() {
    SignedInUser owner = tenants.signUp("Locations");
    SignedInUser editor = tenants.join(owner, "editor");
    SignedInUser viewer = tenants.join(owner, "viewer");
    String agentToken = tenants.agentToken(owner, "prod");

    HttpResponse<String> created =
        editor.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(Json.string(created, "status")).isEqualTo("PENDING");
    HttpResponse<String> listed = viewer.session().get(locations(owner, "prod"));
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(Json.parse(listed).get(0).get("version").getStringValue()).isEqualTo("v1");

    HttpResponse<String> uploaded =
        agent(agentToken)
            .send("PUT", snapshotPath("sales", "prod"), json(Snapshots.sales("sales", "v1")));

    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
    assertThat(Json.parse(uploaded).get("changed").getBooleanValue()).isTrue();
    HttpResponse<String> detail = viewer.session().get(locations(owner, "prod") + "/sales");
    assertThat(Json.string(detail, "status")).isEqualTo("LOADED");
    assertThat(Json.string(detail, "snapshot", "contentHash"))
        .isEqualTo(Snapshots.sales("sales", "v1").contentHash());
    assertThat(Json.parse(detail).get("snapshot").get("assetCount").getIntValue()).isEqualTo(4);
    assertThat(Json.parse(detail).get("snapshot").get("checkCount").getIntValue()).isEqualTo(1);
  }

  @Test
  void registeringANewVersionSendsTheAgentALoadWorkItem() {
    SignedInUser owner = tenants.signUp("LoadWork");
    String agentToken = tenants.agentToken(owner, "prod");
    String path = locations(owner, "prod");

    owner.session().post(path, register("sales", "/opt/sales-1.jar", "v1"));
    HttpResponse<String> first = agent(agentToken).get("/api/agent/v1/work?wait=1s");
    owner.session().post(path, register("sales", "/opt/sales-1.jar", "v1"));
    owner.session().post(path, register("sales", "/opt/sales-2.jar", "v2"));
    HttpResponse<String> second = agent(agentToken).get("/api/agent/v1/work?wait=1s");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode item = Json.parse(first).get("items").get(0);
    assertThat(item.get("type").getStringValue()).isEqualTo("load_code_location");
    assertThat(item.get("deployment").getStringValue()).isEqualTo("prod");
    assertThat(item.get("name").getStringValue()).isEqualTo("sales");
    assertThat(item.get("version").getStringValue()).isEqualTo("v1");
    assertThat(item.get("artifact").getStringValue()).isEqualTo("/opt/sales-1.jar");
    // the unchanged re-registration queued nothing: only v2 follows
    JsonNode items = Json.parse(second).get("items");
    assertThat(items.size()).isEqualTo(1);
    assertThat(items.get(0).get("version").getStringValue()).isEqualTo("v2");
  }

  @Test
  void anIdenticalSnapshotIsANoOp() throws Exception {
    SignedInUser owner = tenants.signUp("Identical");
    String agentToken = tenants.agentToken(owner, "prod");
    owner.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));
    String body = json(Snapshots.sales("sales", "v1"));
    agent(agentToken).send("PUT", snapshotPath("sales", "prod"), body);
    String before = indexedAt(owner);

    HttpResponse<String> again = agent(agentToken).send("PUT", snapshotPath("sales", "prod"), body);

    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(Json.parse(again).get("changed").getBooleanValue()).isFalse();
    assertThat(indexedAt(owner)).isEqualTo(before);
  }

  @Test
  void registeringTheSameVersionAgainChangesNothingAndANewVersionWaitsForTheAgentsAgain() {
    SignedInUser owner = tenants.signUp("Versions");
    String agentToken = tenants.agentToken(owner, "prod");
    String path = locations(owner, "prod");
    owner.session().post(path, register("sales", "/opt/sales.jar", "v1"));
    agent(agentToken)
        .send("PUT", snapshotPath("sales", "prod"), json(Snapshots.sales("sales", "v1")));

    HttpResponse<String> same =
        owner.session().post(path, register("sales", "/opt/sales.jar", "v1"));
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    assertThat(Json.string(same, "status")).isEqualTo("LOADED");

    HttpResponse<String> next =
        owner.session().post(path, register("sales", "/opt/sales.jar", "v2"));
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    assertThat(Json.string(next, "status")).isEqualTo("PENDING");
    assertThat(Json.string(next, "version")).isEqualTo("v2");
    // the catalog keeps the v1 snapshot until v2's arrives
    assertThat(Json.string(next, "snapshot", "version")).isEqualTo("v1");
  }

  @Test
  void refusesBadRegistrationsNamingTheFieldAndStoresNothing() {
    SignedInUser owner = tenants.signUp("BadRegistrations");
    String path = locations(owner, "prod");
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), owner.orgId());

    Map<String, String> fieldOf = new java.util.LinkedHashMap<>();
    fieldOf.put("{\"artifact\":\"/a.jar\",\"version\":\"v1\"}", "name");
    fieldOf.put(register("../etc", "/a.jar", "v1"), "name");
    fieldOf.put(register("sales", "", "v1"), "artifact");
    fieldOf.put("{\"name\":\"sales\",\"artifact\":\"/a.jar\"}", "version");
    fieldOf.put(register("sales", "/a.jar", "v".repeat(201)), "version");
    fieldOf.put(register("sales", "/a.jar", " v1"), "version");
    for (Map.Entry<String, String> bad : fieldOf.entrySet()) {
      HttpResponse<String> response = owner.session().post(path, bad.getKey());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(Json.string(response, "error", "field")).isEqualTo(bad.getValue());
    }
    HttpResponse<String> malformed = owner.session().post(path, "{\"name\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    HttpResponse<String> unknownDeployment =
        owner.session().post(locations(owner, "nope"), register("sales", "/a.jar", "v1"));
    assertThat(unknownDeployment.statusCode()).isEqualTo(404);
    assertThat(TenantSnapshot.take(controlPlane.database(), owner.orgId())).isEqualTo(before);
  }

  @Test
  void theAgentProtocolHeaderIsRequiredAndAnUnknownMajorVersionIsRefused() {
    SignedInUser owner = tenants.signUp("Protocol");
    String agentToken = tenants.agentToken(owner, "prod");
    owner.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));
    String body = json(Snapshots.sales("sales", "v1"));

    HttpResponse<String> missing =
        controlPlane.client().bearer(agentToken).send("PUT", snapshotPath("sales", "prod"), body);
    HttpResponse<String> future =
        controlPlane
            .client()
            .bearer(agentToken)
            .header("Materia-Protocol", "2")
            .send("PUT", snapshotPath("sales", "prod"), body);
    HttpResponse<String> minor =
        controlPlane
            .client()
            .bearer(agentToken)
            .header("Materia-Protocol", "1.3")
            .send("PUT", snapshotPath("sales", "prod"), body);

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(Json.string(missing, "error", "field")).isEqualTo("Materia-Protocol");
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(Json.string(future, "error", "message")).contains("'2'");
    assertThat(minor.statusCode()).as(minor.body()).isEqualTo(200);
  }

  @Test
  void agentsMayUploadOnlyToTheirDeploymentsAndToRegisteredLocations() {
    SignedInUser owner = tenants.signUp("AgentScope");
    owner.session().post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"staging\"}");
    owner.session().post(locations(owner, "staging"), register("sales", "/opt/sales.jar", "v1"));
    String prodAgent = tenants.agentToken(owner, "prod");
    String body = json(Snapshots.sales("sales", "v1"));

    HttpResponse<String> otherDeployment =
        agent(prodAgent).send("PUT", snapshotPath("sales", "staging"), body);
    HttpResponse<String> unregistered =
        agent(prodAgent).send("PUT", snapshotPath("sales", "prod"), body);
    HttpResponse<String> noDeployment =
        agent(prodAgent).send("PUT", "/api/agent/v1/code-locations/sales/snapshot", body);
    HttpResponse<String> wrongName =
        agent(prodAgent).send("PUT", snapshotPath("other", "prod"), body);
    HttpResponse<String> userToken =
        controlPlane
            .client()
            .bearer(tenants.userToken(owner))
            .header("Materia-Protocol", "1")
            .send("PUT", snapshotPath("sales", "staging"), body);
    HttpResponse<String> malformedToken =
        agent("mta_notatoken").send("PUT", snapshotPath("sales", "staging"), body);

    assertThat(otherDeployment.statusCode()).as(otherDeployment.body()).isEqualTo(403);
    assertThat(unregistered.statusCode()).as(unregistered.body()).isEqualTo(404);
    assertThat(Json.string(unregistered, "error", "message")).contains("register it");
    assertThat(noDeployment.statusCode()).isEqualTo(400);
    assertThat(Json.string(noDeployment, "error", "field")).isEqualTo("deployment");
    assertThat(wrongName.statusCode()).as(wrongName.body()).isEqualTo(400);
    assertThat(Json.string(wrongName, "error", "field")).isEqualTo("name");
    assertThat(userToken.statusCode()).isEqualTo(403);
    assertThat(malformedToken.statusCode()).isEqualTo(401);
    HttpResponse<String> staging = owner.session().get(locations(owner, "staging") + "/sales");
    assertThat(Json.parse(staging).get("snapshot").isNull()).isTrue();
  }

  @Test
  void anotherOrganizationsAgentTokenFindsNothingAndChangesNothing() {
    SignedInUser victim = tenants.signUp("SnapshotVictim");
    SignedInUser attacker = tenants.signUp("SnapshotAttacker");
    victim.session().post(locations(victim, "prod"), register("sales", "/opt/sales.jar", "v1"));
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), victim.orgId());

    HttpResponse<String> response =
        agent(tenants.agentToken(attacker, "prod"))
            .send("PUT", snapshotPath("sales", "prod"), json(Snapshots.sales("sales", "v1")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(TenantSnapshot.take(controlPlane.database(), victim.orgId())).isEqualTo(before);
  }

  @Test
  void anOversizedSnapshotIs413AndADeepOneIs400() {
    SignedInUser owner = tenants.signUp("Oversized");
    String agentToken = tenants.agentToken(owner, "prod");
    owner.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));
    String huge = "{\"name\":\"sales\",\"padding\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}";
    String deep =
        "{\"name\":\"sales\",\"x\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}";

    HttpResponse<String> tooLarge =
        agent(agentToken).send("PUT", snapshotPath("sales", "prod"), huge);
    HttpResponse<String> tooDeep =
        agent(agentToken).send("PUT", snapshotPath("sales", "prod"), deep);

    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooDeep.statusCode()).as(tooDeep.body()).isEqualTo(400);
    assertThat(Json.string(tooDeep, "error", "message")).contains("limit");
  }

  @Test
  void anInconsistentSnapshotIsRefusedAndThePreviousOneStaysWhole() throws Exception {
    SignedInUser owner = tenants.signUp("Inconsistent");
    String agentToken = tenants.agentToken(owner, "prod");
    owner.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));
    agent(agentToken)
        .send("PUT", snapshotPath("sales", "prod"), json(Snapshots.sales("sales", "v1")));
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), owner.orgId());
    String good = json(Snapshots.sales("sales", "v2"));

    HttpResponse<String> unknownDep =
        agent(agentToken)
            .send(
                "PUT",
                snapshotPath("sales", "prod"),
                good.replace("\"deps\":[\"sales/raw_orders\"]", "\"deps\":[\"sales/nope\"]"));
    HttpResponse<String> wrongHash =
        agent(agentToken)
            .send(
                "PUT",
                snapshotPath("sales", "prod"),
                good.replace("the sales/raw_orders asset", "changed"));
    HttpResponse<String> duplicateAsset =
        agent(agentToken)
            .send(
                "PUT",
                snapshotPath("sales", "prod"),
                good.replaceFirst("\"assets\":\\[", "\"assets\":[" + firstAsset(good) + ","));
    HttpResponse<String> nul =
        agent(agentToken)
            .send(
                "PUT",
                snapshotPath("sales", "prod"),
                good.replace("the sales/raw_orders asset", "nul \\u0000 here"));
    HttpResponse<String> notJson =
        agent(agentToken).send("PUT", snapshotPath("sales", "prod"), "{\"name\":\"sales\"");

    for (HttpResponse<String> response :
        List.of(unknownDep, wrongHash, duplicateAsset, nul, notJson)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    }
    assertThat(Json.string(unknownDep, "error", "message")).contains("sales/nope");
    assertThat(Json.string(wrongHash, "error", "message")).contains("does not match");
    assertThat(Json.string(duplicateAsset, "error", "message")).contains("twice");
    assertThat(Json.string(nul, "error", "message")).contains("NUL");
    assertThat(TenantSnapshot.take(controlPlane.database(), owner.orgId())).isEqualTo(before);
  }

  @Test
  void anAssetKeyBelongsToOneCodeLocationOfADeployment() throws Exception {
    SignedInUser owner = tenants.signUp("TwoLocations");
    String agentToken = tenants.agentToken(owner, "prod");
    owner.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));
    owner.session().post(locations(owner, "prod"), register("copycat", "/opt/copy.jar", "v1"));
    agent(agentToken)
        .send("PUT", snapshotPath("sales", "prod"), json(Snapshots.sales("sales", "v1")));
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), owner.orgId());

    HttpResponse<String> clash =
        agent(agentToken)
            .send("PUT", snapshotPath("copycat", "prod"), json(Snapshots.sales("copycat", "v1")));

    assertThat(clash.statusCode()).as(clash.body()).isEqualTo(409);
    assertThat(Json.string(clash, "error", "message"))
        .contains("marketing/campaigns")
        .contains("code location sales")
        .contains("deployment 'prod'");
    // Issue 13: the refusal marks copycat's version FAILED (its own row); nothing else changes.
    Map<String, String> after =
        new java.util.HashMap<>(
            TenantSnapshot.take(controlPlane.database(), owner.orgId()).tables());
    Map<String, String> expected = new java.util.HashMap<>(before.tables());
    after.remove("code_locations");
    expected.remove("code_locations");
    assertThat(after).isEqualTo(expected);
    HttpResponse<String> copycat = owner.session().get(locations(owner, "prod") + "/copycat");
    assertThat(Json.string(copycat, "status")).isEqualTo("FAILED");
    assertThat(Json.string(copycat, "loadError", "message"))
        .isEqualTo(Json.string(clash, "error", "message"));
  }

  @Test
  void aChangedSnapshotReplacesTheIndexedAssets() throws Exception {
    SignedInUser owner = tenants.signUp("Replace");
    String agentToken = tenants.agentToken(owner, "prod");
    owner.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));
    agent(agentToken)
        .send("PUT", snapshotPath("sales", "prod"), json(Snapshots.sales("sales", "v1")));
    CodeLocationSnapshot v1 = Snapshots.sales("sales", "v2");
    List<AssetSnapshot> fewer = new ArrayList<>(v1.assets());
    fewer.removeIf(a -> a.key().equals("marketing/campaigns"));
    CodeLocationSnapshot v2 =
        CodeLocationSnapshot.of("sales", "v2", fewer, v1.checks(), v1.schedules());

    HttpResponse<String> uploaded =
        agent(agentToken).send("PUT", snapshotPath("sales", "prod"), json(v2));

    assertThat(Json.parse(uploaded).get("changed").getBooleanValue()).isTrue();
    assertThat(count(owner, "assets")).isEqualTo(3);
    assertThat(
            Long.parseLong(
                query(
                    "select sum(cardinality(deps)) from assets where org_id = '"
                        + owner.orgId()
                        + "'")))
        .isEqualTo(2);
    assertThat(count(owner, "asset_checks")).isEqualTo(1);
    assertThat(count(owner, "code_location_schedules")).isEqualTo(1);
  }

  @Test
  void deletingADeploymentTakesItsCodeLocationsAndTheirIndexAlong() throws Exception {
    SignedInUser owner = tenants.signUp("DeleteDeployment");
    owner.session().post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"pr-7\"}");
    owner.session().post(locations(owner, "pr-7"), register("sales", "/opt/sales.jar", "v1"));
    String agentToken = tenants.agentToken(owner, "pr-7");
    agent(agentToken)
        .send("PUT", snapshotPath("sales", "pr-7"), json(Snapshots.sales("sales", "v1")));
    assertThat(count(owner, "assets")).isEqualTo(4);

    HttpResponse<String> deleted =
        owner.session().delete("/api/v1/orgs/" + owner.org() + "/deployments/pr-7");

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    for (String table :
        List.of("code_locations", "assets", "asset_checks", "code_location_schedules")) {
      assertThat(count(owner, table)).as(table).isZero();
    }
  }

  @Test
  void selectionsFollowTheLatestSnapshot() {
    SignedInUser owner = tenants.signUp("SelectionFollows");
    String agentToken = tenants.agentToken(owner, "prod");
    owner.session().post(locations(owner, "prod"), register("sales", "/opt/sales.jar", "v1"));
    agent(agentToken)
        .send("PUT", snapshotPath("sales", "prod"), json(Snapshots.sales("sales", "v1")));
    assertThat(resolve(owner, "marketing/campaigns").assetKeys())
        .containsExactly("marketing/campaigns");
    assertThat(resolve(owner, "marketing/campaigns").assetKeys()).hasSize(1);

    CodeLocationSnapshot v1 = Snapshots.sales("sales", "v2");
    List<AssetSnapshot> fewer = new ArrayList<>(v1.assets());
    fewer.removeIf(a -> a.key().equals("marketing/campaigns"));
    agent(agentToken)
        .send(
            "PUT",
            snapshotPath("sales", "prod"),
            json(CodeLocationSnapshot.of("sales", "v2", fewer, v1.checks(), v1.schedules())));

    assertThatThrownBy(() -> resolve(owner, "marketing/campaigns"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.field()).isEqualTo("selection"));
  }

  private ResolvedSelection resolve(SignedInUser user, String selection) {
    return controlPlane
        .context()
        .getBean(OrgAccess.class)
        .inOrg(
            UserCaller.session(user.userId(), UUID.randomUUID(), "127.0.0.1"),
            user.org(),
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

  @Test
  void heartbeatsRecordLoadingFailuresAndIgnoreStaleVersions() {
    SignedInUser owner = tenants.signUp("Heartbeat");
    String path = locations(owner, "prod");
    owner.session().post(path, register("sales", "/opt/sales.jar", "v2"));
    UUID prodId = owner.deploymentId("prod");
    AgentCaller caller =
        new AgentCaller(
            owner.orgId(), UUID.randomUUID(), TokenKind.AGENT, Set.of(prodId), null, "127.0.0.1");

    boolean failed =
        report(
            caller,
            new CodeLocationStatus(
                "prod",
                "sales",
                "v2",
                CodeLocationState.FAILED,
                null,
                new ErrorInfo(
                    "dev.materia.runtime.load.LoadException",
                    "asset cleaned_orders depends on unknown raw_order",
                    "stack")));
    boolean stale =
        report(
            caller,
            new CodeLocationStatus("prod", "sales", "v1", CodeLocationState.LOADED, null, null));
    boolean foreignDeployment =
        report(
            caller,
            new CodeLocationStatus("staging", "sales", "v2", CodeLocationState.LOADED, null, null));

    assertThat(failed).isTrue();
    assertThat(stale).isFalse();
    assertThat(foreignDeployment).isFalse();
    HttpResponse<String> detail = owner.session().get(path + "/sales");
    assertThat(Json.string(detail, "status")).isEqualTo("FAILED");
    assertThat(Json.string(detail, "loadError", "message")).contains("unknown raw_order");
    assertThat(Json.string(detail, "loadError", "className")).endsWith("LoadException");

    HttpResponse<String> retried =
        owner.session().post(path, register("sales", "/opt/sales.jar", "v2"));
    assertThat(Json.string(retried, "status")).isEqualTo("PENDING");
    assertThat(Json.parse(retried).get("loadError").isNull()).isTrue();
  }

  private boolean report(AgentCaller caller, CodeLocationStatus status) {
    return controlPlane
        .context()
        .getBean(OrgAccess.class)
        .inOrg(
            caller,
            scope ->
                controlPlane
                    .context()
                    .getBean(CodeLocations.class)
                    .recordAgentStatus(scope, caller, status));
  }

  private static String firstAsset(String snapshotJson) {
    int start = snapshotJson.indexOf("\"assets\":[") + "\"assets\":[".length();
    int depth = 0;
    for (int i = start; i < snapshotJson.length(); i++) {
      char c = snapshotJson.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return snapshotJson.substring(start, i + 1);
      }
    }
    throw new AssertionError("no asset in " + snapshotJson);
  }

  private String indexedAt(SignedInUser owner) throws Exception {
    return query(
        "select snapshot_at::text from code_locations where org_id = '" + owner.orgId() + "'");
  }

  private long count(SignedInUser owner, String table) throws Exception {
    return Long.parseLong(
        query("select count(*) from " + table + " where org_id = '" + owner.orgId() + "'"));
  }

  private String query(String sql) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
