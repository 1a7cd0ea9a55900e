package dev.materia.controlplane.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * Liveness ({@code /health}) and readiness ({@code /health/ready}) for load balancers and probes.
 */
@Controller("/health")
public final class HealthController {
  private final Readiness readiness;

  HealthController(Readiness readiness) {
    this.readiness = readiness;
  }

  /** The process answers HTTP; nothing else is checked, so a slow database never restarts it. */
  @Get
  public Status live() {
    return new Status("UP", Map.of());
  }

  /** Ready when the database answers and every migration on the classpath has been applied. */
  @Get("/ready")
  public HttpResponse<Status> ready() {
    Map<String, String> checks = readiness.check();
    boolean up = checks.values().stream().allMatch("UP"::equals);
    Status status = new Status(up ? "UP" : "DOWN", checks);
    return up ? HttpResponse.ok(status) : HttpResponse.serverError(status).status(503);
  }

  /**
   * @param status {@code UP} or {@code DOWN}
   * @param checks each check's outcome: {@code UP}, or why it is down
   */
  @Serdeable
  public record Status(String status, Map<String, String> checks) {}
}
