package dev.materia.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CsrfTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private final Tenants tenants = new Tenants(controlPlane);

  @Test
  void refusesAStateChangingCookieRequestWithoutTheHeaderWith403AndChangesNothing() {
    SignedInUser alice = tenants.signUp("Csrf");
    String path = "/api/v1/orgs/" + alice.org() + "/deployments";

    for (String method : new String[] {"POST", "PATCH", "PUT", "DELETE"}) {
      HttpResponse<String> response =
          controlPlane
              .client()
              .cookie(alice.cookie())
              .send(
                  method, method.equals("DELETE") ? path + "/prod" : path, "{\"name\":\"forged\"}");
      assertThat(response.statusCode()).as(method).isEqualTo(403);
      assertThat(Json.string(response, "error", "code")).isEqualTo("csrf_required");
    }
    assertThat(alice.session().get(path).body()).doesNotContain("forged").contains("prod");
  }

  @Test
  void refusesAWrongHeaderValue() {
    SignedInUser alice = tenants.signUp("CsrfValue");

    HttpResponse<String> response =
        controlPlane
            .client()
            .cookie(alice.cookie())
            .header("X-Materia-CSRF", "yes")
            .post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\":\"forged\"}");

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void readsWithTheCookieNeedNoHeader() {
    SignedInUser alice = tenants.signUp("CsrfRead");

    assertThat(controlPlane.client().cookie(alice.cookie()).get("/api/v1/me").statusCode())
        .isEqualTo(200);
  }

  @Test
  void bearerTokenRequestsNeedNoHeaderBecauseBrowsersNeverSendThemOnTheirOwn() {
    SignedInUser alice = tenants.signUp("CsrfBearer");
    String token = tenants.userToken(alice);

    HttpResponse<String> response =
        controlPlane
            .client()
            .bearer(token)
            .post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\":\"from-ci\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  @Test
  void signInAndSignUpNeedTheHeaderTooSoNoSiteCanSignABrowserIn() {
    HttpResponse<String> login =
        controlPlane
            .client()
            .post("/api/v1/auth/login", "{\"email\":\"a@b.test\",\"password\":\"whatever1234\"}");
    HttpResponse<String> signUp =
        controlPlane
            .client()
            .post(
                "/api/v1/auth/signup",
                "{\"email\":\"a@b.test\",\"password\":\"whatever1234\",\"name\":\"A\","
                    + "\"organization\":\"Forged\"}");

    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(signUp.statusCode()).isEqualTo(403);
    assertThat(Json.string(signUp, "error", "code")).isEqualTo("csrf_required");
  }
}
