package dev.materia.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.TenantSnapshot;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every refusal, the framework's own included, uses {"error": {"code", "message", "field"}}. */
class ErrorShapeTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private static SignedInUser alice;
  private static UUID orgId;

  @BeforeAll
  static void anOrganization() {
    alice = new Tenants(controlPlane).signUp("Errors");
    orgId = alice.orgId();
  }

  @Test
  void unknownRouteIs404InTheErrorShape() {
    assertShape(alice.session().get("/api/v1/orgs/" + alice.org() + "/nothing"), 404, "not_found");
  }

  @Test
  void wrongMethodIs405InTheErrorShape() {
    assertShape(alice.session().send("PUT", "/api/v1/me", "{}"), 405, "method_not_allowed");
  }

  @Test
  void wrongContentTypeIs415InTheErrorShapeAndStoresNothing() {
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), orgId);
    HttpResponse<String> response =
        controlPlane.send(
            HttpRequest.newBuilder(controlPlane.uri("/api/v1/orgs/" + alice.org() + "/deployments"))
                .header("Cookie", alice.cookie())
                .header("X-Materia-CSRF", "1")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=staging"))
                .build());

    assertShape(response, 415, "unsupported_media_type");
    assertThat(TenantSnapshot.take(controlPlane.database(), orgId)).isEqualTo(before);
  }

  @Test
  void malformedJsonIs400InTheErrorShapeAndStoresNothing() {
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), orgId);

    HttpResponse<String> response =
        alice.session().post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\": \"x\"");

    assertShape(response, 400, "malformed_json");
    assertThat(TenantSnapshot.take(controlPlane.database(), orgId)).isEqualTo(before);
  }

  @Test
  void aBodyOfTheWrongShapeIs400NamingTheFieldWithoutInternals() {
    HttpResponse<String> response =
        alice
            .session()
            .post("/api/v1/orgs/" + alice.org() + "/tokens", "{\"name\":{\"first\":\"ci\"}}");

    assertShape(response, 400, "invalid_field");
    assertThat(Json.string(response, "error", "field")).isEqualTo("name");
    assertThat(Json.string(response, "error", "message"))
        .doesNotContain("REDACTED")
        .doesNotContain("argument [");
  }

  @Test
  void deeplyNestedJsonIs400BeforeAnythingIsStored() {
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), orgId);
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    // Under a field the request does not know, so only the stream limit can stop it.
    HttpResponse<String> response =
        alice
            .session()
            .post(
                "/api/v1/orgs/" + alice.org() + "/deployments",
                "{\"name\":\"deep\",\"extra\":" + deep + "}");

    assertShape(response, 400, "json_too_complex");
    assertThat(Json.string(response, "error", "message")).contains("nesting depth");
    assertThat(TenantSnapshot.take(controlPlane.database(), orgId)).isEqualTo(before);
  }

  @Test
  void aHugeStringIs400() {
    String huge = "x".repeat(JsonLimits.MAX_STRING_LENGTH + 1);

    HttpResponse<String> response =
        alice
            .session()
            .post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\":\"" + huge + "\"}");

    assertShape(response, 400, "json_too_complex");
  }

  @Test
  void aBodyOverTheLimitIs413AndStoresNothing() {
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), orgId);
    String body = "{\"name\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}";

    HttpResponse<String> response =
        alice.session().post("/api/v1/orgs/" + alice.org() + "/deployments", body);

    assertShape(response, 413, "body_too_large");
    assertThat(TenantSnapshot.take(controlPlane.database(), orgId)).isEqualTo(before);
  }

  @Test
  void ourOwnRefusalsNameTheField() {
    HttpResponse<String> response =
        alice
            .session()
            .post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\":\"Not Valid!\"}");

    assertShape(response, 400, "invalid_field");
    assertThat(Json.string(response, "error", "field")).isEqualTo("name");
    assertThat(Json.string(response, "error", "message")).contains("Not Valid!");
  }

  private static void assertShape(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(Json.parse(response).get("error")).as(response.body()).isNotNull();
    assertThat(Json.string(response, "error", "code")).as(response.body()).isEqualTo(code);
    assertThat(Json.string(response, "error", "message")).isNotBlank();
  }
}
