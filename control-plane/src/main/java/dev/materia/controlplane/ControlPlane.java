package dev.materia.controlplane;

import dev.materia.controlplane.api.JsonLimits;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Map;

/** Starts the control plane: the REST API, the agent protocol and the console, in one process. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Materia API",
            version = "v1",
            description =
                "REST API of the Materia control plane. Errors always have the shape"
                    + " {\"error\": {\"code\", \"message\", \"field\"}}. State-changing requests"
                    + " made with the session cookie need the header X-Materia-CSRF: 1."),
    security = {@SecurityRequirement(name = "session"), @SecurityRequirement(name = "token")})
@SecurityScheme(
    name = "session",
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.COOKIE,
    paramName = "__Host-materia-session")
@SecurityScheme(
    name = "token",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "mtu_ user tokens on /api/v1; mta_ agent and mtr_ run tokens on /api/agent/v1")
public final class ControlPlane {
  private ControlPlane() {}

  public static void main(String[] args) {
    JsonLimits.apply();
    Micronaut.run(ControlPlane.class, args);
  }

  /**
   * Starts an embedded control plane with extra configuration on top of {@code application.yml}.
   * The caller owns the returned server and stops it; {@code materia dev} and tests use this.
   */
  public static EmbeddedServer start(Map<String, Object> properties) {
    JsonLimits.apply();
    return ApplicationContext.builder(ControlPlane.class)
        .properties(properties)
        .deduceEnvironment(false)
        .start()
        .getBean(EmbeddedServer.class)
        .start();
  }
}
