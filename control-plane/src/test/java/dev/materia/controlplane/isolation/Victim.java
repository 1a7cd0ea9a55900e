package dev.materia.controlplane.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.TenantSnapshot;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The organization the isolation tests attack: an owner, a member of every role, and helpers that
 * make fresh resources for routes that consume them (a member to remove, a token to revoke).
 */
final class Victim {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  final RunningControlPlane controlPlane;
  final Tenants tenants;
  final SignedInUser owner;
  final UUID orgId;
  final Map<Role, SignedInUser> members = new EnumMap<>(Role.class);

  Victim(RunningControlPlane controlPlane, Tenants tenants, String name) {
    this.controlPlane = controlPlane;
    this.tenants = tenants;
    this.owner = tenants.signUp(name);
    this.orgId = owner.orgId();
    members.put(Role.OWNER, owner);
    for (Role role : new Role[] {Role.VIEWER, Role.LAUNCHER, Role.EDITOR, Role.ADMIN}) {
      members.put(role, tenants.join(owner, role.wireName()));
    }
  }

  String org() {
    return owner.org();
  }

  TenantSnapshot snapshot() {
    return TenantSnapshot.take(controlPlane.database(), orgId);
  }

  int unique() {
    return SEQUENCE.incrementAndGet();
  }

  /** A new viewer, for routes that change or remove a member. */
  String freshMemberId() {
    return tenants.join(owner, "viewer").userId().toString();
  }

  String freshInvitationId() {
    return created(
        owner
            .session()
            .post(
                "/api/v1/orgs/" + org() + "/invitations",
                "{\"email\":\"invitee" + unique() + "@victim.test\",\"role\":\"viewer\"}"),
        "id");
  }

  String freshDeployment() {
    return created(
        owner
            .session()
            .post("/api/v1/orgs/" + org() + "/deployments", "{\"name\":\"d" + unique() + "\"}"),
        "name");
  }

  /** A user token of the owner: another member's token for everyone else. */
  String freshUserTokenId() {
    return created(
        owner.session().post("/api/v1/orgs/" + org() + "/tokens", "{\"name\":\"victim\"}"), "id");
  }

  String freshAgentTokenId() {
    return created(
        owner
            .session()
            .post(
                "/api/v1/orgs/" + org() + "/agent-tokens",
                "{\"name\":\"victim\",\"deployments\":[\"prod\"]}"),
        "id");
  }

  private static String created(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.string(response, field);
  }

  /** A queued run in {@code prod}, launched by the owner. */
  String freshRunId() {
    catalogLocation();
    return created(
        owner
            .session()
            .post(
                "/api/v1/orgs/" + org() + "/deployments/prod/runs",
                "{\"selection\":\"sales/raw_orders\",\"codeLocation\":\"victim_catalog\"}"),
        "id");
  }

  private boolean catalogSeeded;

  /**
   * The code location {@code victim_catalog} in {@code prod}, registered and loaded with the sales
   * snapshot (assets {@code sales/raw_orders}, {@code sales/cleaned_orders}, …); made once.
   */
  synchronized String catalogLocation() {
    if (!catalogSeeded) {
      String registered =
          created(
              owner
                  .session()
                  .post(
                      "/api/v1/orgs/" + org() + "/deployments/prod/code-locations",
                      "{\"name\":\"victim_catalog\",\"artifact\":\"/opt/victim.jar\","
                          + "\"version\":\"v1\"}"),
              "name");
      String agentToken = tenants.agentToken(owner, "prod");
      HttpResponse<String> uploaded =
          controlPlane
              .client()
              .bearer(agentToken)
              .header("Materia-Protocol", "1")
              .send(
                  "PUT",
                  "/api/agent/v1/code-locations/victim_catalog/snapshot?deployment=prod",
                  dev.materia.controlplane.assets.Snapshots.json(
                      controlPlane.context().getBean(io.micronaut.json.JsonMapper.class),
                      dev.materia.controlplane.assets.Snapshots.sales("victim_catalog", "v1")));
      assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
      catalogSeeded = registered != null;
    }
    return "victim_catalog";
  }
}
