package dev.materia.controlplane.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.isolation.TenantRoutes.Request;
import dev.materia.controlplane.isolation.TenantRoutes.Surface;
import dev.materia.controlplane.isolation.TenantRoutes.TenantRoute;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.ServedRoutes;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.TenantSnapshot;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The isolation acceptance matrix over {@link TenantRoutes}: every tenant route, called with
 * another organization's session, user token and agent token (and with nothing), is refused with
 * 401, 403 or 404 and leaves the victim organization's data exactly as it was. Every role below a
 * route's minimum gets 403 with no side effect, and the minimum role gets through.
 */
class CrossTenantMatrixTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static Victim victim;
  private static SignedInUser attacker;
  private static String attackerUserToken;
  private static String attackerAgentToken;

  /** A credential from outside the victim organization. */
  enum Outsider {
    OTHER_ORG_SESSION,
    OTHER_ORG_USER_TOKEN,
    OTHER_ORG_AGENT_TOKEN,
    NOBODY
  }

  @BeforeAll
  static void organizations() {
    Tenants tenants = new Tenants(controlPlane);
    victim = new Victim(controlPlane, tenants, "Victim");
    attacker = tenants.signUp("Attacker");
    attackerUserToken = tenants.userToken(attacker);
    attackerAgentToken = tenants.agentToken(attacker, "prod");
  }

  @Test
  void everyRouteOfTheServerIsInThisTable() {
    Set<String> served = ServedRoutes.of(controlPlane);
    Set<String> listed = new TreeSet<>(TenantRoutes.UNTENANTED);
    TenantRoutes.ROUTES.forEach(route -> listed.add(route.key()));

    assertThat(served)
        .as("add new routes to TenantRoutes (tenant data) or TenantRoutes.UNTENANTED (why not)")
        .containsExactlyInAnyOrderElementsOf(listed);
  }

  @TestFactory
  Stream<DynamicTest> anotherOrganizationsCredentialsAreRefusedAndChangeNothing() {
    List<DynamicTest> tests = new ArrayList<>();
    for (TenantRoute route : TenantRoutes.ROUTES) {
      for (Outsider outsider : Outsider.values()) {
        tests.add(
            dynamicTest(
                route + " as " + outsider,
                () -> {
                  Request request = route.request().apply(victim);
                  TenantSnapshot before = victim.snapshot();

                  HttpResponse<String> response =
                      client(outsider).send(route.method(), request.path(), request.body());

                  assertThat(response.statusCode())
                      .as(response.body())
                      .isEqualTo(expectedStatus(route.surface(), outsider));
                  assertThat(Json.string(response, "error", "code")).isNotBlank();
                  assertThat(victim.snapshot()).isEqualTo(before);
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> rolesBelowTheMinimumGet403AndChangeNothing() {
    List<DynamicTest> tests = new ArrayList<>();
    for (TenantRoute route : TenantRoutes.ROUTES) {
      for (Role role :
          Arrays.stream(Role.values()).filter(r -> !r.atLeast(route.minimum())).toList()) {
        tests.add(
            dynamicTest(
                route + " as " + role.wireName(),
                () -> {
                  Request request = route.request().apply(victim);
                  TenantSnapshot before = victim.snapshot();

                  HttpResponse<String> response =
                      victim
                          .members
                          .get(role)
                          .session()
                          .send(route.method(), request.path(), request.body());

                  assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
                  assertThat(Json.string(response, "error", "code")).isEqualTo("role_required");
                  assertThat(victim.snapshot()).isEqualTo(before);
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> theMinimumRoleGetsThrough() {
    return TenantRoutes.ROUTES.stream()
        .map(
            route ->
                dynamicTest(
                    route + " as " + route.minimum().wireName(),
                    () -> {
                      Request request = route.request().apply(victim);

                      HttpResponse<String> response =
                          victim
                              .members
                              .get(route.minimum())
                              .session()
                              .send(route.method(), request.path(), request.body());

                      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
                    }));
  }

  private static int expectedStatus(Surface surface, Outsider outsider) {
    return switch (surface) {
      case REST ->
          switch (outsider) {
            case OTHER_ORG_SESSION, OTHER_ORG_USER_TOKEN -> 404; // not a member: nothing there
            case OTHER_ORG_AGENT_TOKEN -> 403; // agent tokens never work on /api/v1
            case NOBODY -> 401;
          };
      case AGENT ->
          switch (outsider) {
            case OTHER_ORG_SESSION, NOBODY -> 401; // the agent protocol takes no cookies
            case OTHER_ORG_USER_TOKEN -> 403;
            case OTHER_ORG_AGENT_TOKEN -> 404;
          };
    };
  }

  private static ApiClient client(Outsider outsider) {
    ApiClient client = controlPlane.client();
    return switch (outsider) {
      case OTHER_ORG_SESSION -> attacker.session();
      case OTHER_ORG_USER_TOKEN -> client.bearer(attackerUserToken);
      case OTHER_ORG_AGENT_TOKEN -> client.bearer(attackerAgentToken);
      case NOBODY -> client.csrf();
    };
  }
}
