package dev.materia.controlplane.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.InvitationInbox;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MembersAndInvitationsTest {
  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(Map.of("materia.public-url", "https://materia.example.com/"));

  private final Tenants tenants = new Tenants(controlPlane);

  @Test
  void anInvitationLinkIsLoggedAndAcceptingItCreatesTheMemberSignedIn() {
    SignedInUser owner = tenants.signUp("Invites");
    HttpResponse<String> invited =
        owner
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/invitations",
                "{\"email\":\"New.Person@Invites.test\",\"role\":\"editor\"}");

    assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
    assertThat(invited.body()).doesNotContain("mti_");
    String line = InvitationInbox.latestLineFor("new.person@invites.test").orElseThrow();
    assertThat(line).contains("https://materia.example.com/invitations/accept#token=mti_");
    String token = InvitationInbox.latestTokenFor("new.person@invites.test").orElseThrow();

    HttpResponse<String> accepted = accept(token, "New Person");

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    String cookie = Tenants.sessionCookie(accepted);
    HttpResponse<String> me = controlPlane.client().cookie(cookie).get("/api/v1/me");
    assertThat(Json.string(me, "user", "email")).isEqualTo("new.person@invites.test");
    assertThat(Json.parse(me).get("organizations").get(0).get("role").getStringValue())
        .isEqualTo("editor");
    assertThat(owner.session().get("/api/v1/orgs/" + owner.org() + "/invitations").body())
        .isEqualTo("[]");
  }

  @Test
  void anInvitationWorksOnce() {
    SignedInUser owner = tenants.signUp("Once");
    invite(owner, "once@once.test", "viewer");
    String token = InvitationInbox.latestTokenFor("once@once.test").orElseThrow();
    assertThat(accept(token, "First").statusCode()).isEqualTo(200);

    HttpResponse<String> again = accept(token, "Second");

    assertThat(again.statusCode()).isEqualTo(404);
  }

  @Test
  void aRevokedInvitationCannotBeAccepted() {
    SignedInUser owner = tenants.signUp("RevokedInvite");
    String id = Json.string(invite(owner, "revoked@x.test", "viewer"), "id");
    String token = InvitationInbox.latestTokenFor("revoked@x.test").orElseThrow();

    assertThat(
            owner
                .session()
                .delete("/api/v1/orgs/" + owner.org() + "/invitations/" + id)
                .statusCode())
        .isEqualTo(204);

    assertThat(accept(token, "Late").statusCode()).isEqualTo(404);
  }

  @Test
  void aSignedInAccountAcceptsOnlyItsOwnInvitation() {
    SignedInUser owner = tenants.signUp("Existing");
    SignedInUser elsewhere = tenants.signUp("Other");
    invite(owner, elsewhere.email(), "launcher");
    String token = InvitationInbox.latestTokenFor(elsewhere.email()).orElseThrow();
    SignedInUser stranger = tenants.signUp("Stranger");

    HttpResponse<String> wrongAccount =
        stranger.session().post("/api/v1/auth/invitations/accept", "{\"token\":\"" + token + "\"}");
    HttpResponse<String> notSignedIn = accept(token, "Someone");
    HttpResponse<String> rightAccount =
        elsewhere
            .session()
            .post("/api/v1/auth/invitations/accept", "{\"token\":\"" + token + "\"}");

    assertThat(wrongAccount.statusCode()).isEqualTo(403);
    assertThat(Json.string(wrongAccount, "error", "code")).isEqualTo("invitation_for_other_email");
    assertThat(notSignedIn.statusCode()).as("the account exists: sign in first").isEqualTo(409);
    assertThat(rightAccount.statusCode()).as(rightAccount.body()).isEqualTo(200);
    JsonNode orgs = Json.parse(elsewhere.session().get("/api/v1/me")).get("organizations");
    assertThat(orgs.size()).isEqualTo(2);
  }

  @Test
  void rejectsAMalformedInvitationCodeWith400() {
    HttpResponse<String> response = accept("mti_not-a-real-code", "X");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.string(response, "error", "field")).isEqualTo("token");
  }

  @Test
  void onlyOwnersInviteOwners() {
    SignedInUser owner = tenants.signUp("OwnerInvite");
    SignedInUser admin = tenants.join(owner, "admin");

    HttpResponse<String> response =
        admin
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/invitations",
                "{\"email\":\"boss@x.test\",\"role\":\"owner\"}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(invite(owner, "boss@x.test", "owner").statusCode()).isEqualTo(201);
  }

  @Test
  void rejectsAnUnknownRoleWith400NamingTheField() {
    SignedInUser owner = tenants.signUp("BadRole");

    HttpResponse<String> response = invite(owner, "x@badrole.test", "superuser");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.string(response, "error", "field")).isEqualTo("role");
    assertThat(Json.string(response, "error", "message"))
        .contains("viewer, launcher, editor, admin, owner");
  }

  @Test
  void aRoleChangeTakesEffectAtOnceEvenForTheMembersTokens() {
    SignedInUser owner = tenants.signUp("Demote");
    SignedInUser admin = tenants.join(owner, "admin");
    String token = tenants.userToken(admin);
    String agentTokens = "/api/v1/orgs/" + owner.org() + "/agent-tokens";
    assertThat(controlPlane.client().bearer(token).get(agentTokens).statusCode()).isEqualTo(200);

    HttpResponse<String> changed =
        owner
            .session()
            .patch(
                "/api/v1/orgs/" + owner.org() + "/members/" + admin.userId(),
                "{\"role\":\"viewer\"}");

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(Json.string(changed, "role")).isEqualTo("viewer");
    assertThat(controlPlane.client().bearer(token).get(agentTokens).statusCode()).isEqualTo(403);
    assertThat(admin.session().get(agentTokens).statusCode()).isEqualTo(403);
  }

  @Test
  void aRemovedMemberLosesAccessAtOnce() {
    SignedInUser owner = tenants.signUp("Remove");
    SignedInUser viewer = tenants.join(owner, "viewer");
    String token = tenants.userToken(viewer);

    HttpResponse<String> removed =
        owner.session().delete("/api/v1/orgs/" + owner.org() + "/members/" + viewer.userId());

    assertThat(removed.statusCode()).isEqualTo(204);
    assertThat(viewer.session().get("/api/v1/orgs/" + owner.org()).statusCode()).isEqualTo(404);
    assertThat(controlPlane.client().bearer(token).get("/api/v1/orgs/" + owner.org()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void anyMemberMayLeave() {
    SignedInUser owner = tenants.signUp("Leave");
    SignedInUser viewer = tenants.join(owner, "viewer");

    HttpResponse<String> left =
        viewer.session().delete("/api/v1/orgs/" + owner.org() + "/members/" + viewer.userId());

    assertThat(left.statusCode()).isEqualTo(204);
  }

  @Test
  void anOrganizationKeepsItsLastOwner() {
    SignedInUser owner = tenants.signUp("LastOwner");
    String self = "/api/v1/orgs/" + owner.org() + "/members/" + owner.userId();

    HttpResponse<String> demote = owner.session().patch(self, "{\"role\":\"admin\"}");
    HttpResponse<String> leave = owner.session().delete(self);

    assertThat(demote.statusCode()).isEqualTo(409);
    assertThat(leave.statusCode()).isEqualTo(409);
    assertThat(Json.string(demote, "error", "message")).contains("needs an owner");
  }

  @Test
  void adminsCannotChangeOrRemoveOwners() {
    SignedInUser owner = tenants.signUp("AdminVsOwner");
    SignedInUser admin = tenants.join(owner, "admin");
    String ownerPath = "/api/v1/orgs/" + owner.org() + "/members/" + owner.userId();

    assertThat(admin.session().patch(ownerPath, "{\"role\":\"viewer\"}").statusCode())
        .isEqualTo(403);
    assertThat(admin.session().delete(ownerPath).statusCode()).isEqualTo(403);
    assertThat(
            admin
                .session()
                .patch(
                    "/api/v1/orgs/" + owner.org() + "/members/" + admin.userId(),
                    "{\"role\":\"owner\"}")
                .statusCode())
        .as("nor make themselves owner")
        .isEqualTo(403);
  }

  @Test
  void membersListShowsEveryoneWithTheirRole() {
    SignedInUser owner = tenants.signUp("List");
    tenants.join(owner, "launcher");

    HttpResponse<String> response = owner.session().get("/api/v1/orgs/" + owner.org() + "/members");

    assertThat(Json.parse(response).size()).isEqualTo(2);
    assertThat(response.body()).contains("\"role\":\"owner\"").contains("\"role\":\"launcher\"");
  }

  private HttpResponse<String> invite(SignedInUser admin, String email, String role) {
    return admin
        .session()
        .post(
            "/api/v1/orgs/" + admin.org() + "/invitations",
            "{\"email\":%s,\"role\":%s}".formatted(Json.quote(email), Json.quote(role)));
  }

  private HttpResponse<String> accept(String token, String name) {
    return controlPlane
        .client()
        .csrf()
        .post(
            "/api/v1/auth/invitations/accept",
            "{\"token\":%s,\"name\":%s,\"password\":%s}"
                .formatted(Json.quote(token), Json.quote(name), Json.quote(Tenants.PASSWORD)));
  }
}
