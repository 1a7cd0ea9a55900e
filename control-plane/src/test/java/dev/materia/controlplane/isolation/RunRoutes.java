package dev.materia.controlplane.isolation;

import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.isolation.TenantRoutes.Request;
import dev.materia.controlplane.isolation.TenantRoutes.Surface;
import dev.materia.controlplane.isolation.TenantRoutes.TenantRoute;
import java.util.List;

/** The runs routes of {@link TenantRoutes}: launch and cancel need launcher, reading viewer. */
final class RunRoutes {
  private RunRoutes() {}

  private static final String RUNS = "/api/v1/orgs/{org}/deployments/{deployment}/runs";

  private static TenantRoute rest(
      String method,
      String template,
      Role minimum,
      java.util.function.Function<Victim, Request> r) {
    return new TenantRoute(method, template, Surface.REST, minimum, r);
  }

  private static Request at(Victim v, String path, String body) {
    return new Request(path.replace("{org}", v.org()).replace("{deployment}", "prod"), body);
  }

  static final List<TenantRoute> ROUTES =
      List.of(
          rest(
              "POST",
              RUNS,
              Role.LAUNCHER,
              v -> {
                v.catalogLocation();
                return at(
                    v,
                    RUNS,
                    "{\"selection\":\"sales/raw_orders+\",\"codeLocation\":\"victim_catalog\"}");
              }),
          rest("GET", RUNS, Role.VIEWER, v -> at(v, RUNS, null)),
          rest("GET", RUNS + "/{id}", Role.VIEWER, v -> at(v, RUNS + "/" + v.freshRunId(), null)),
          rest(
              "POST",
              RUNS + "/{id}/cancel",
              Role.LAUNCHER,
              v -> at(v, RUNS + "/" + v.freshRunId() + "/cancel", null)),
          rest(
              "GET",
              "/api/v1/orgs/{org}/agents",
              Role.VIEWER,
              v -> at(v, "/api/v1/orgs/{org}/agents", null)),
          rest(
              "GET",
              RUNS + "/{id}/events",
              Role.VIEWER,
              v -> at(v, RUNS + "/" + v.freshRunId() + "/events", null)));

  /** Agent protocol routes act in the token's own organization (see the runs/events tests). */
  static final List<String> UNTENANTED =
      List.of(
          "GET /api/agent/v1/work", // the token's own deployments; QueueTest covers foreign ones
          "POST /api/agent/v1/heartbeat", // the token's own organization
          "POST /api/agent/v1/runs/{runId}/events", // EventIngestionTest: foreign runs are 404
          // A live stream never ends for a running run; RunEventsTest checks it refuses outsiders.
          "GET " + RUNS + "/{id}/events/stream");
}
