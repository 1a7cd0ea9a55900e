package dev.materia.controlplane.runs;

import static dev.materia.controlplane.runs.RunFixtures.launch;
import static dev.materia.controlplane.runs.RunFixtures.runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static Tenants tenants;
  private static SignedInUser owner;

  @BeforeAll
  static void organization() {
    tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Runs");
    RunFixtures.prepare(controlPlane, owner, "prod");
  }

  @Test
  void launchQueuesTheRunWithItsSelectionPartitionAndTagsAndAuditsIt() {
    HttpResponse<String> response =
        owner
            .session()
            .post(
                runs(owner, "prod"),
                "{\"selection\":\"+sales/raw_orders*, group:sales\","
                    + "\"partitionKey\":\"2024-01-01\",\"tags\":{\"trigger\":\"ci\"}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(Json.string(response, "status")).isEqualTo("QUEUED");
    assertThat(Json.string(response, "partitionKey")).isEqualTo("2024-01-01");
    assertThat(Json.string(response, "tags", "trigger")).isEqualTo("ci");
    assertThat(Json.parse(response).get("assetKeys").values())
        .extracting(k -> k.getStringValue())
        .contains("sales/raw_orders", "sales/cleaned_orders");
    String id = Json.string(response, "id");
    HttpResponse<String> read = owner.session().get(runs(owner, "prod") + "/" + id);
    assertThat(Json.string(read, "selection")).isEqualTo("+sales/raw_orders*, group:sales");
    HttpResponse<String> audit = owner.session().get("/api/v1/orgs/" + owner.org() + "/audit-log");
    assertThat(audit.body()).contains("run.launch").contains(id);
  }

  @Test
  void rejectsABadSelectionNamingTheField() {
    HttpResponse<String> response =
        owner
            .session()
            .post(runs(owner, "prod"), "{\"selection\":\"a,,b\",\"codeLocation\":\"sales\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.string(response, "error", "field")).isEqualTo("selection");
  }

  @Test
  void aSelectionThatDoesNotParseIs400PointingAtTheToken() {
    HttpResponse<String> response =
        owner
            .session()
            .post(runs(owner, "prod"), "{\"selection\":\"sales/raw_orders, colour:red\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.string(response, "error", "code")).isEqualTo("invalid_selection");
    assertThat(Json.string(response, "error", "field")).isEqualTo("selection");
    assertThat(Json.string(response, "error", "message"))
        .startsWith("Invalid selection at column 19: unknown filter \"colour:\"")
        .endsWith("\n  sales/raw_orders, colour:red\n                    ^");
  }

  @Test
  void rejectsAPartitionKeyTogetherWithARange() {
    HttpResponse<String> response =
        owner
            .session()
            .post(
                runs(owner, "prod"),
                "{\"selection\":\"sales/raw_orders\",\"codeLocation\":\"sales\",\"partitionKey\":\"x\","
                    + "\"partitionRange\":{\"first\":\"a\",\"last\":\"b\"}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.string(response, "error", "field")).isEqualTo("partitionRange");
  }

  @Test
  void rejectsAnUnknownAssetAndACodeLocationThatDoesNotHoldTheSelection() {
    HttpResponse<String> unknown =
        owner.session().post(runs(owner, "prod"), "{\"selection\":\"sales/nope\"}");
    HttpResponse<String> elsewhere =
        owner
            .session()
            .post(
                runs(owner, "prod"),
                "{\"selection\":\"sales/raw_orders\",\"codeLocation\":\"marketing\"}");

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Json.string(unknown, "error", "field")).isEqualTo("selection");
    assertThat(elsewhere.statusCode()).isEqualTo(400);
    assertThat(Json.string(elsewhere, "error", "field")).isEqualTo("codeLocation");
  }

  @Test
  void anUnknownDeploymentIs404() {
    HttpResponse<String> response =
        owner.session().post(runs(owner, "nope"), "{\"selection\":\"a\",\"codeLocation\":\"s\"}");
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void listPagesNewestFirstWithACursorAndFilters() {
    owner.session().post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"paging\"}");
    RunFixtures.prepare(controlPlane, owner, "paging");
    List<String> launched = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      launched.add(launch(owner, "paging", "sales/raw_orders"));
    }
    owner
        .session()
        .post(
            runs(owner, "paging"),
            "{\"selection\":\"sales/daily_revenue\",\"codeLocation\":\"sales\","
                + "\"partitionKey\":\"2024-01-02\",\"tags\":{\"team\":\"blue\"}}");

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page =
          owner
              .session()
              .get(
                  runs(owner, "paging")
                      + "?status=QUEUED&limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      Json.parse(page).get("runs").values().forEach(r -> seen.add(r.get("id").getStringValue()));
      cursor = Json.string(page, "nextCursor");
    } while (cursor != null);

    assertThat(seen).hasSize(6).containsAll(launched);
    assertThat(seen.subList(1, 6)).containsExactlyElementsOf(launched.reversed());
    HttpResponse<String> tagged = owner.session().get(runs(owner, "paging") + "?tag=team=blue");
    assertThat(Json.parse(tagged).get("runs").size()).isEqualTo(1);
    HttpResponse<String> none = owner.session().get(runs(owner, "paging") + "?status=SUCCESS");
    assertThat(Json.parse(none).get("runs").size()).isZero();
    HttpResponse<String> future =
        owner.session().get(runs(owner, "paging") + "?createdAfter=2999-01-01T00:00:00Z");
    assertThat(Json.parse(future).get("runs").size()).isZero();
    assertThat(owner.session().get(runs(owner, "paging") + "?status=DONE").statusCode())
        .isEqualTo(400);
    assertThat(owner.session().get(runs(owner, "paging") + "?cursor=garbage").statusCode())
        .isEqualTo(400);
  }

  @Test
  void cancelingAQueuedRunEndsItCanceledAndASecondCancelIs409() {
    String id = launch(owner, "prod", "sales/raw_orders");

    HttpResponse<String> canceled =
        owner.session().post(runs(owner, "prod") + "/" + id + "/cancel", null);
    HttpResponse<String> again =
        owner.session().post(runs(owner, "prod") + "/" + id + "/cancel", null);

    assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
    assertThat(Json.string(canceled, "status")).isEqualTo("CANCELED");
    assertThat(again.statusCode()).isEqualTo(409);
    HttpResponse<String> audit = owner.session().get("/api/v1/orgs/" + owner.org() + "/audit-log");
    assertThat(audit.body()).contains("run.cancel");
  }

  @Test
  void aCancelMessageNamesThePersonNotTheirId() {
    String id = launch(owner, "prod", "sales/raw_orders");
    String name = Json.string(owner.session().get("/api/v1/me"), "user", "name");

    HttpResponse<String> canceled =
        owner.session().post(runs(owner, "prod") + "/" + id + "/cancel", null);

    assertThat(Json.string(canceled, "statusMessage"))
        .isEqualTo("canceled by " + name)
        .doesNotContain(owner.userId().toString());
  }

  @Test
  void aViewerReadsButCannotLaunchOrCancel() {
    SignedInUser viewer = tenants.join(owner, "viewer");
    String id = launch(owner, "prod", "sales/raw_orders");

    assertThat(viewer.session().get(runs(owner, "prod") + "/" + id).statusCode()).isEqualTo(200);
    assertThat(
            viewer
                .session()
                .post(runs(owner, "prod"), "{\"selection\":\"a\",\"codeLocation\":\"s\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(viewer.session().post(runs(owner, "prod") + "/" + id + "/cancel", null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void anotherOrganizationsRunIs404() {
    SignedInUser other = tenants.signUp("Other");
    RunFixtures.prepare(controlPlane, other, "prod");
    String id = launch(owner, "prod", "sales/raw_orders");

    HttpResponse<String> response =
        other.session().get("/api/v1/orgs/" + other.org() + "/deployments/prod/runs/" + id);

    assertThat(response.statusCode()).isEqualTo(404);
  }
}
