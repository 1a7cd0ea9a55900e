package dev.materia.controlplane;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;

/** Starts the control plane: the REST API, the agent protocol and the console, in one process. */
public final class ControlPlane {
  private ControlPlane() {}

  public static void main(String[] args) {
    Micronaut.run(ControlPlane.class, args);
  }

  /**
   * Starts an embedded control plane with extra configuration on top of {@code application.yml}.
   * The caller owns the returned server and stops it; {@code materia dev} and tests use this.
   */
  public static EmbeddedServer start(Map<String, Object> properties) {
    return ApplicationContext.builder(ControlPlane.class)
        .properties(properties)
        .deduceEnvironment(false)
        .start()
        .getBean(EmbeddedServer.class)
        .start();
  }
}
