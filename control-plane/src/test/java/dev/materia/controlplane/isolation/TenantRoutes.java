package dev.materia.controlplane.isolation;

import dev.materia.controlplane.access.Role;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every route of the control plane, for the isolation tests. A new route joins here: as a {@link
 * TenantRoute} when it acts on one organization's data (the cross-tenant and role matrices then
 * cover it), or in {@link #UNTENANTED} with the reason it is not. {@code
 * CrossTenantMatrixTest.everyRouteOfTheServerIsInThisTable} fails until it does.
 */
final class TenantRoutes {
  private TenantRoutes() {}

  /** Which API a route belongs to, and so which credentials it takes. */
  enum Surface {
    /** {@code /api/v1}: console sessions and user tokens. */
    REST,
    /** {@code /api/agent/v1}: agent and run tokens. */
    AGENT
  }

  /** A concrete request for a route, with its resources made fresh in the victim organization. */
  record Request(String path, String body) {}

  /**
   * @param template the route as the router knows it, such as {@code /api/v1/orgs/{org}/tokens}
   * @param minimum the lowest role that may call it
   * @param request makes the request against the victim organization; may create resources
   */
  record TenantRoute(
      String method,
      String template,
      Surface surface,
      Role minimum,
      Function<Victim, Request> request) {
    String key() {
      return method + " " + template;
    }

    @Override
    public String toString() {
      return key();
    }
  }

  private static TenantRoute rest(
      String method, String template, Role minimum, Function<Victim, Request> request) {
    return new TenantRoute(method, template, Surface.REST, minimum, request);
  }

  private static Request at(Victim v, String path, String body) {
    return new Request(path.replace("{org}", v.org()), body);
  }

  static final List<TenantRoute> ROUTES =
      Stream.of(
              RunRoutes.ROUTES,
              CatalogRoutes.ROUTES,
              List.of(
                  rest(
                      "GET",
                      "/api/v1/orgs/{org}",
                      Role.VIEWER,
                      v -> at(v, "/api/v1/orgs/{org}", null)),
                  rest(
                      "GET",
                      "/api/v1/orgs/{org}/members",
                      Role.VIEWER,
                      v -> at(v, "/api/v1/orgs/{org}/members", null)),
                  rest(
                      "PATCH",
                      "/api/v1/orgs/{org}/members/{userId}",
                      Role.ADMIN,
                      v ->
                          at(
                              v,
                              "/api/v1/orgs/{org}/members/" + v.freshMemberId(),
                              "{\"role\":\"launcher\"}")),
                  rest(
                      "DELETE",
                      "/api/v1/orgs/{org}/members/{userId}",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/members/" + v.freshMemberId(), null)),
                  rest(
                      "POST",
                      "/api/v1/orgs/{org}/invitations",
                      Role.ADMIN,
                      v ->
                          at(
                              v,
                              "/api/v1/orgs/{org}/invitations",
                              "{\"email\":\"new"
                                  + v.unique()
                                  + "@victim.test\",\"role\":\"viewer\"}")),
                  rest(
                      "GET",
                      "/api/v1/orgs/{org}/invitations",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/invitations", null)),
                  rest(
                      "DELETE",
                      "/api/v1/orgs/{org}/invitations/{id}",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/invitations/" + v.freshInvitationId(), null)),
                  rest(
                      "GET",
                      "/api/v1/orgs/{org}/deployments",
                      Role.VIEWER,
                      v -> at(v, "/api/v1/orgs/{org}/deployments", null)),
                  rest(
                      "POST",
                      "/api/v1/orgs/{org}/deployments",
                      Role.ADMIN,
                      v ->
                          at(
                              v,
                              "/api/v1/orgs/{org}/deployments",
                              "{\"name\":\"new" + v.unique() + "\"}")),
                  rest(
                      "DELETE",
                      "/api/v1/orgs/{org}/deployments/{deployment}",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/deployments/" + v.freshDeployment(), null)),
                  rest(
                      "POST",
                      "/api/v1/orgs/{org}/tokens",
                      Role.VIEWER,
                      v -> at(v, "/api/v1/orgs/{org}/tokens", "{\"name\":\"mine\"}")),
                  rest(
                      "GET",
                      "/api/v1/orgs/{org}/tokens",
                      Role.VIEWER,
                      v -> at(v, "/api/v1/orgs/{org}/tokens", null)),
                  // Revoking one's own token needs no role (TokensTest); another member's needs
                  // admin.
                  rest(
                      "DELETE",
                      "/api/v1/orgs/{org}/tokens/{id}",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/tokens/" + v.freshUserTokenId(), null)),
                  rest(
                      "POST",
                      "/api/v1/orgs/{org}/agent-tokens",
                      Role.ADMIN,
                      v ->
                          at(
                              v,
                              "/api/v1/orgs/{org}/agent-tokens",
                              "{\"name\":\"agent\",\"deployments\":[\"prod\"]}")),
                  rest(
                      "GET",
                      "/api/v1/orgs/{org}/agent-tokens",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/agent-tokens", null)),
                  rest(
                      "DELETE",
                      "/api/v1/orgs/{org}/agent-tokens/{id}",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/agent-tokens/" + v.freshAgentTokenId(), null)),
                  rest(
                      "GET",
                      "/api/v1/orgs/{org}/audit-log",
                      Role.ADMIN,
                      v -> at(v, "/api/v1/orgs/{org}/audit-log", null))))
          .flatMap(List::stream)
          .toList();

  /** Routes that act on no single organization's data given in the request, and why. */
  static final List<String> UNTENANTED =
      Stream.of(
              RunRoutes.UNTENANTED,
              CatalogRoutes.UNTENANTED,
              List.of(
                  "POST /api/v1/auth/signup", // creates a new organization
                  "POST /api/v1/auth/login", // before any organization
                  "POST /api/v1/auth/logout", // the caller's own session
                  "POST /api/v1/auth/invitations/accept", // the organization is the invitation's
                  "GET /api/v1/me", // the caller's own memberships
                  "GET /api/agent/v1/identity", // the token's own organization
                  "GET /api/openapi.yml", // public document
                  "GET /health",
                  "GET /health/ready"))
          .flatMap(List::stream)
          .toList();
}
