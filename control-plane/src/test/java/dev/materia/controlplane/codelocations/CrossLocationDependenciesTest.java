package dev.materia.controlplane.codelocations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dependencies across code locations of one deployment, with real PostgreSQL and HTTP: a snapshot
 * naming a key of another location joins the deployment's graph, an unknown key is refused at
 * snapshot time naming both locations, a location cannot drop a key others depend on, and a launch
 * across locations becomes one run planned per location.
 */
class CrossLocationDependenciesTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private final Tenants tenants = new Tenants(controlPlane);

  private static AssetSnapshot asset(String key, List<String> deps, List<String> external) {
    return new AssetSnapshot(key, deps, null, null, null, null, null, null, null, null, external);
  }

  private static CodeLocationSnapshot alpha(AssetSnapshot... assets) {
    return CodeLocationSnapshot.of("alpha", "v1", List.of(assets), List.of(), List.of());
  }

  private static CodeLocationSnapshot beta(AssetSnapshot... assets) {
    return CodeLocationSnapshot.of("beta", "v1", List.of(assets), List.of(), List.of());
  }

  /** A deployment {@code prod} with code locations alpha and beta registered; its agent token. */
  private String twoLocations(SignedInUser owner) {
    String token = tenants.agentToken(owner, "prod");
    for (String name : List.of("alpha", "beta")) {
      HttpResponse<String> registered =
          owner
              .session()
              .post(
                  "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations",
                  "{\"name\":\""
                      + name
                      + "\",\"artifact\":\"/opt/"
                      + name
                      + ".jar\","
                      + "\"version\":\"v1\"}");
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }
    return token;
  }

  private static HttpResponse<String> upload(String token, CodeLocationSnapshot snapshot) {
    return RunFixtures.agent(controlPlane, token)
        .send(
            "PUT",
            AgentProtocol.snapshotPath(snapshot.name()) + "?deployment=prod",
            Snapshots.json(controlPlane.context().getBean(JsonMapper.class), snapshot));
  }

  private static List<String> assetKeys(SignedInUser owner) {
    HttpResponse<String> assets =
        owner.session().get("/api/v1/orgs/" + owner.org() + "/deployments/prod/assets");
    assertThat(assets.statusCode()).as(assets.body()).isEqualTo(200);
    List<String> keys = new ArrayList<>();
    for (var item : Json.parse(assets).get("items").values()) {
      keys.add(item.get("key").getStringValue());
    }
    return keys;
  }

  @Test
  void aDependencyOnAKeyNoCodeLocationDefinesIsRefusedAtSnapshotTimeNamingBothLocations() {
    SignedInUser owner = tenants.signUp("CrossUnknown");
    String token = twoLocations(owner);
    assertThat(upload(token, alpha(asset("a/y", List.of(), List.of()))).statusCode())
        .isEqualTo(200);

    HttpResponse<String> refused =
        upload(token, beta(asset("b/x", List.of("a/yy"), List.of("a/yy"))));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(Json.parse(refused).get("error").get("message").getStringValue())
        .isEqualTo(
            "asset `b/x` of code location `beta` depends on `a/yy`, which no code location of"
                + " deployment `prod` defines (searched: alpha). Did you mean \"a/y\"?");
    assertThat(Json.parse(refused).get("error").get("field").getStringValue())
        .isEqualTo("assets[0].deps");
    assertThat(assetKeys(owner)).containsExactly("a/y");
  }

  @Test
  void aDependencyOnAnotherLocationsAssetJoinsTheGraphAndLaunchesAsOneRunPlannedPerLocation() {
    SignedInUser owner = tenants.signUp("CrossJoined");
    String token = twoLocations(owner);
    assertThat(upload(token, alpha(asset("a/y", List.of(), List.of()))).statusCode())
        .isEqualTo(200);

    HttpResponse<String> stored = upload(token, beta(asset("b/x", List.of("a/y"), List.of("a/y"))));

    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    HttpResponse<String> graph =
        owner.session().get("/api/v1/orgs/" + owner.org() + "/deployments/prod/asset-graph");
    assertThat(graph.statusCode()).as(graph.body()).isEqualTo(200);
    assertThat(graph.body()).contains("{\"from\":\"a/y\",\"to\":\"b/x\"}");

    HttpResponse<String> launched =
        owner.session().post(RunFixtures.runs(owner, "prod"), "{\"selection\":\"*b/x\"}");
    assertThat(launched.statusCode()).as(launched.body()).isEqualTo(201);
    String runId = Json.string(launched, "id");
    assertThat(launched.body()).contains("\"codeLocation\":\"beta\"");

    HttpResponse<String> poll =
        RunFixtures.agent(controlPlane, token).get(AgentProtocol.WORK_PATH + "?wait=0");
    assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
    io.micronaut.json.tree.JsonNode launch = null;
    for (var item : Json.parse(poll).get("items").values()) {
      if (item.get("runId") != null && runId.equals(item.get("runId").getStringValue())) {
        launch = item;
      }
    }
    assertThat(launch).as(poll.body()).isNotNull();
    List<io.micronaut.json.tree.JsonNode> stages = new ArrayList<>();
    launch.get("stages").values().forEach(stages::add);
    assertThat(stages).as(poll.body()).hasSize(2);
    assertThat(stages.get(0).get("codeLocation").getStringValue()).isEqualTo("alpha");
    assertThat(stages.get(0).get("assetKeys").get(0).getStringValue()).isEqualTo("a/y");
    assertThat(stages.get(1).get("codeLocation").getStringValue()).isEqualTo("beta");
    assertThat(stages.get(1).get("assetKeys").get(0).getStringValue()).isEqualTo("b/x");
  }

  @Test
  void aLocationCannotDropAKeyAnotherLocationDependsOnAndTheRefusalNamesTheDependents() {
    SignedInUser owner = tenants.signUp("CrossRemoved");
    String token = twoLocations(owner);
    assertThat(
            upload(token, alpha(asset("a/y", List.of(), List.of()), asset("a/z", List.of(), null)))
                .statusCode())
        .isEqualTo(200);
    assertThat(upload(token, beta(asset("b/x", List.of("a/y"), List.of("a/y")))).statusCode())
        .isEqualTo(200);

    HttpResponse<String> refused = upload(token, alpha(asset("a/z", List.of(), List.of())));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(Json.parse(refused).get("error").get("message").getStringValue())
        .isEqualTo(
            "code location `alpha` of deployment `prod` no longer defines `a/y`, which asset `b/x`"
                + " of code location `beta` depends on: keep `a/y` in alpha until beta no longer"
                + " depends on it (deploy beta without the dependency first)");
    assertThat(assetKeys(owner)).containsExactlyInAnyOrder("a/y", "a/z", "b/x");
  }

  @Test
  void dependenciesThatFormACycleAcrossLocationsAreRefused() {
    SignedInUser owner = tenants.signUp("CrossCycle");
    String token = twoLocations(owner);
    assertThat(upload(token, alpha(asset("a/y", List.of(), List.of()))).statusCode())
        .isEqualTo(200);
    assertThat(upload(token, beta(asset("b/x", List.of("a/y"), List.of("a/y")))).statusCode())
        .isEqualTo(200);

    HttpResponse<String> refused =
        upload(token, alpha(asset("a/y", List.of("b/x"), List.of("b/x"))));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(Json.parse(refused).get("error").get("message").getStringValue())
        .isEqualTo(
            "dependencies across the code locations of deployment `prod` would form a cycle,"
                + " each asset depending on the next: a/y (alpha) → b/x (beta) → a/y (alpha);"
                + " remove one of these dependencies");
  }
}
