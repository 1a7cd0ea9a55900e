package dev.materia.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.ServedRoutes;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

class OpenApiTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  @Test
  void servesTheGeneratedDocumentAsYamlWithoutSigningIn() {
    HttpResponse<String> response = controlPlane.get("/api/openapi.yml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
    java.util.Map<String, Object> document = new Yaml().load(response.body());
    assertThat(document).containsKeys("openapi", "info", "paths", "components");
  }

  @Test
  void documentsEveryApiRouteOfTheServer() {
    @SuppressWarnings("unchecked")
    java.util.Map<String, java.util.Map<String, Object>> paths =
        (java.util.Map<String, java.util.Map<String, Object>>)
            new Yaml()
                .<java.util.Map<String, Object>>load(controlPlane.get("/api/openapi.yml").body())
                .get("paths");
    List<String> routes = List.copyOf(ServedRoutes.of(controlPlane, "/api/v1"));

    assertThat(routes).isNotEmpty();
    for (String route : routes) {
      String[] parts = route.split(" ", 2);
      // OpenAPI paths have no regular expressions: {key:.+} is documented as {key}.
      parts[1] = parts[1].replaceAll("\\{(\\w+):[^}]*}", "{$1}");
      assertThat(paths).as(route).containsKey(parts[1]);
      assertThat(paths.get(parts[1])).as(route).containsKey(parts[0].toLowerCase());
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> operation =
          (java.util.Map<String, Object>) paths.get(parts[1]).get(parts[0].toLowerCase());
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> responses =
          (java.util.Map<String, Object>) operation.get("responses");
      assertThat(responses)
          .as("%s documents its refusals in the error shape", route)
          .containsKey("4XX");
    }
  }

  @Test
  void describesBothWaysToAuthenticateAndKeepsCallersOutOfTheParameters() {
    String body = controlPlane.get("/api/openapi.yml").body();

    assertThat(body).contains("__Host-materia-session").contains("bearer");
    assertThat(body).doesNotContain("name: caller");
  }
}
