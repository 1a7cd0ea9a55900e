package dev.materia.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's TypeScript types are generated from a copy of the OpenAPI document committed in
 * {@code web-ui} (which builds before this module). This test keeps that copy equal to what the
 * server serves, and rewrites it when a route changed, so the fix is one command.
 */
class OpenApiContractTest {
  static final Path CONSOLE_COPY = Path.of("../web-ui/openapi/materia.yml");

  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  @Test
  void consoleCopyOfTheOpenApiDocumentMatchesTheServedOne() throws IOException {
    HttpResponse<String> response = controlPlane.get("/api/openapi.yml");
    assertThat(response.statusCode()).isEqualTo(200);
    String served = response.body();
    String committed =
        Files.exists(CONSOLE_COPY) ? Files.readString(CONSOLE_COPY, StandardCharsets.UTF_8) : "";

    if (!served.equals(committed)) {
      Files.createDirectories(CONSOLE_COPY.getParent());
      Files.writeString(CONSOLE_COPY, served, StandardCharsets.UTF_8);
      fail(
          "web-ui/openapi/materia.yml was out of date and has been rewritten: run `cd web-ui &&"
              + " npm run generate:api`, then commit both");
    }
  }
}
