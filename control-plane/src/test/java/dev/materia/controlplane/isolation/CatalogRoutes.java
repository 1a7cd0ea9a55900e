package dev.materia.controlplane.isolation;

import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.isolation.TenantRoutes.Request;
import dev.materia.controlplane.isolation.TenantRoutes.Surface;
import dev.materia.controlplane.isolation.TenantRoutes.TenantRoute;
import java.util.List;
import java.util.function.Function;

/**
 * The code-location and catalog routes of {@link TenantRoutes}: registering needs editor, reading
 * viewer.
 */
final class CatalogRoutes {
  private CatalogRoutes() {}

  private static final String DEPLOYMENT = "/api/v1/orgs/{org}/deployments/{deployment}";

  private static TenantRoute rest(
      String method, String template, Role minimum, Function<Victim, Request> request) {
    return new TenantRoute(method, template, Surface.REST, minimum, request);
  }

  private static Request at(Victim v, String path, String body) {
    return new Request(path.replace("{org}", v.org()).replace("{deployment}", "prod"), body);
  }

  static final List<TenantRoute> ROUTES =
      List.of(
          rest(
              "POST",
              DEPLOYMENT + "/code-locations",
              Role.EDITOR,
              v ->
                  at(
                      v,
                      DEPLOYMENT + "/code-locations",
                      "{\"name\":\"loc"
                          + v.unique()
                          + "\",\"artifact\":\"/opt/l.jar\","
                          + "\"version\":\"v1\"}")),
          rest(
              "GET",
              DEPLOYMENT + "/code-locations",
              Role.VIEWER,
              v -> at(v, DEPLOYMENT + "/code-locations", null)),
          rest(
              "GET",
              DEPLOYMENT + "/code-locations/{name}",
              Role.VIEWER,
              v -> at(v, DEPLOYMENT + "/code-locations/" + v.catalogLocation(), null)),
          rest(
              "GET",
              DEPLOYMENT + "/assets",
              Role.VIEWER,
              v -> {
                v.catalogLocation();
                return at(v, DEPLOYMENT + "/assets", null);
              }),
          rest(
              "GET",
              DEPLOYMENT + "/assets/{key:.+}",
              Role.VIEWER,
              v -> {
                v.catalogLocation();
                return at(v, DEPLOYMENT + "/assets/sales/cleaned_orders", null);
              }),
          rest(
              "GET",
              DEPLOYMENT + "/asset-materializations/{key:.+}",
              Role.VIEWER,
              v -> {
                v.catalogLocation();
                return at(v, DEPLOYMENT + "/asset-materializations/sales/cleaned_orders", null);
              }),
          rest(
              "GET",
              DEPLOYMENT + "/asset-partitions/{key:.+}",
              Role.VIEWER,
              v -> {
                v.catalogLocation();
                return at(v, DEPLOYMENT + "/asset-partitions/sales/daily_revenue", null);
              }),
          rest(
              "GET",
              DEPLOYMENT + "/asset-partition-keys/{key:.+}",
              Role.VIEWER,
              v -> {
                v.catalogLocation();
                return at(v, DEPLOYMENT + "/asset-partition-keys/sales/daily_revenue", null);
              }),
          rest(
              "GET",
              DEPLOYMENT + "/asset-check-history/{key:.+}",
              Role.VIEWER,
              v -> {
                v.catalogLocation();
                return at(v, DEPLOYMENT + "/asset-check-history/sales/cleaned_orders", null);
              }),
          rest(
              "GET",
              DEPLOYMENT + "/asset-graph",
              Role.VIEWER,
              v -> {
                v.catalogLocation();
                return at(v, DEPLOYMENT + "/asset-graph", null);
              }));

  /** Agent protocol routes act in the token's own organization and deployments. */
  static final List<String> UNTENANTED =
      List.of(
          // CodeLocationsTest: another deployment's token gets 403, another organization's 404,
          // and neither changes anything.
          "PUT /api/agent/v1/code-locations/{name}/snapshot");
}
