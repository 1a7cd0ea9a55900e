package dev.materia.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConsoleFallbackTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  @Test
  void servesTheConsoleIndexAtTheRoot() {
    HttpResponse<String> response = controlPlane.get("/", "Accept", "text/html");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<div id=\"root\"></div>").contains("/assets/");
  }

  @Test
  void servesTheBuiltScriptsOfTheConsole() {
    String index = controlPlane.get("/", "Accept", "text/html").body();
    String script = index.replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");
    HttpResponse<String> response = controlPlane.get(script);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
  }

  @Test
  void answersADeepLinkWithTheConsoleSoReloadsWork() {
    HttpResponse<String> response =
        controlPlane.get("/orgs/acme/deployments/prod/assets", "Accept", "text/html");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<div id=\"root\"></div>");
  }

  @Test
  void answersAnUnknownApiPathWithTheJsonErrorShape() {
    HttpResponse<String> response =
        controlPlane.get("/api/v1/nothing-here", "Accept", "text/html,application/json");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body())
        .contains("\"error\":{")
        .contains("\"code\":\"not_found\"")
        .contains("/api/v1/nothing-here");
  }
}
