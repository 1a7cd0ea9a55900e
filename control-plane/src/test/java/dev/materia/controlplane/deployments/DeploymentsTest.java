package dev.materia.controlplane.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeploymentsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private final Tenants tenants = new Tenants(controlPlane);

  @Test
  void adminsCreateAndDeleteDeploymentsThatEveryoneCanList() {
    SignedInUser owner = tenants.signUp("Deploy");
    SignedInUser viewer = tenants.join(owner, "viewer");
    String path = "/api/v1/orgs/" + owner.org() + "/deployments";

    HttpResponse<String> created = owner.session().post(path, "{\"name\":\"pr-42\"}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(Json.string(created, "name")).isEqualTo("pr-42");
    assertThat(viewer.session().get(path).body()).contains("\"pr-42\"").contains("\"prod\"");
    assertThat(owner.session().delete(path + "/pr-42").statusCode()).isEqualTo(204);
    assertThat(viewer.session().get(path).body()).doesNotContain("pr-42");
  }

  @Test
  void prodCannotBeDeleted() {
    SignedInUser owner = tenants.signUp("KeepProd");

    HttpResponse<String> response =
        owner.session().delete("/api/v1/orgs/" + owner.org() + "/deployments/prod");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(owner.session().get("/api/v1/orgs/" + owner.org() + "/deployments").body())
        .contains("\"prod\"");
  }

  @Test
  void refusesATakenNameWith409AndABadNameWith400() {
    SignedInUser owner = tenants.signUp("Names");
    String path = "/api/v1/orgs/" + owner.org() + "/deployments";

    HttpResponse<String> taken = owner.session().post(path, "{\"name\":\"prod\"}");
    HttpResponse<String> bad = owner.session().post(path, "{\"name\":\"-Staging\"}");
    HttpResponse<String> missing = owner.session().post(path, "{}");

    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(Json.string(taken, "error", "field")).isEqualTo("name");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.string(bad, "error", "field")).isEqualTo("name");
    assertThat(Json.string(bad, "error", "message")).contains("-Staging").contains("lower-case");
    assertThat(missing.statusCode()).isEqualTo(400);
  }

  @Test
  void deletingAnUnknownDeploymentIs404() {
    SignedInUser owner = tenants.signUp("Unknown");

    assertThat(
            owner
                .session()
                .delete("/api/v1/orgs/" + owner.org() + "/deployments/nope")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void sameDeploymentNameMayExistInTwoOrganizations() {
    SignedInUser alice = tenants.signUp("SameA");
    SignedInUser bob = tenants.signUp("SameB");

    assertThat(
            alice
                .session()
                .post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\":\"staging\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            bob.session()
                .post("/api/v1/orgs/" + bob.org() + "/deployments", "{\"name\":\"staging\"}")
                .statusCode())
        .isEqualTo(201);
  }
}
