package dev.materia.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditLogTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private final Tenants tenants = new Tenants(controlPlane);

  @Test
  void recordsTokenRoleAndDeploymentChangesWithTheActor() {
    SignedInUser owner = tenants.signUp("Audit");
    SignedInUser member = tenants.join(owner, "viewer");
    String org = "/api/v1/orgs/" + owner.org();
    String tokenId = Json.string(owner.session().post(org + "/tokens", "{\"name\":\"ci\"}"), "id");
    owner.session().delete(org + "/tokens/" + tokenId);
    owner.session().post(org + "/agent-tokens", "{\"name\":\"agent\",\"deployments\":[\"prod\"]}");
    owner.session().patch(org + "/members/" + member.userId(), "{\"role\":\"editor\"}");
    owner.session().post(org + "/deployments", "{\"name\":\"staging\"}");
    owner.session().delete(org + "/deployments/staging");

    HttpResponse<String> response = owner.session().get(org + "/audit-log");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> actions = actions(Json.parse(response).get("entries"));
    assertThat(actions)
        .containsSubsequence(
            "deployment.delete",
            "deployment.create",
            "member.role_change",
            "token.create",
            "token.revoke",
            "token.create")
        .contains("org.create", "invitation.create", "member.add");
    JsonNode roleChange = entry(Json.parse(response).get("entries"), "member.role_change");
    assertThat(roleChange.get("actorUserId").getStringValue()).isEqualTo(owner.userId().toString());
    assertThat(roleChange.get("subject").getStringValue()).isEqualTo(member.userId().toString());
    assertThat(roleChange.get("detail").get("from").getStringValue()).isEqualTo("viewer");
    assertThat(roleChange.get("detail").get("to").getStringValue()).isEqualTo("editor");
    assertThat(roleChange.get("ip").getStringValue()).isNotBlank();
  }

  @Test
  void recordsSignInsAndFailedSignInsOnTheAccount() throws Exception {
    SignedInUser alice = tenants.signUp("SignIns");
    tenants.signIn(alice);
    controlPlane
        .client()
        .csrf()
        .post(
            "/api/v1/auth/login",
            "{\"email\":\"" + alice.email() + "\",\"password\":\"wrong password!\"}");
    alice.session().post("/api/v1/auth/logout", null);

    assertThat(accountActions(alice.userId()))
        .containsExactly("auth.sign_in", "auth.sign_in", "auth.sign_in_failed", "auth.sign_out");
  }

  @Test
  void recordsWhoUsedATokenToActAndNothingForRefusedRequests() {
    SignedInUser owner = tenants.signUp("TokenActor");
    SignedInUser viewer = tenants.join(owner, "viewer");
    String token = tenants.userToken(owner);
    String org = "/api/v1/orgs/" + owner.org();
    int before = Json.parse(owner.session().get(org + "/audit-log")).get("entries").size();

    controlPlane.client().bearer(token).post(org + "/deployments", "{\"name\":\"by-token\"}");
    viewer.session().post(org + "/deployments", "{\"name\":\"refused\"}");

    JsonNode entries = Json.parse(owner.session().get(org + "/audit-log")).get("entries");
    assertThat(entries.size()).isEqualTo(before + 1);
    JsonNode created = entries.get(0);
    assertThat(created.get("action").getStringValue()).isEqualTo("deployment.create");
    assertThat(created.get("actorTokenId").isNull()).isFalse();
  }

  @Test
  void pagesNewestFirstWithACursor() {
    SignedInUser owner = tenants.signUp("Pages");
    String org = "/api/v1/orgs/" + owner.org();
    for (int i = 0; i < 5; i++) {
      owner.session().post(org + "/deployments", "{\"name\":\"d" + i + "\"}");
    }

    HttpResponse<String> first = owner.session().get(org + "/audit-log?limit=3");
    String next = Json.string(first, "next");
    HttpResponse<String> second = owner.session().get(org + "/audit-log?limit=3&before=" + next);

    assertThat(Json.parse(first).get("entries").size()).isEqualTo(3);
    List<Long> ids = new ArrayList<>();
    for (JsonNode page :
        List.of(Json.parse(first).get("entries"), Json.parse(second).get("entries"))) {
      for (JsonNode entry : page.values()) {
        ids.add(entry.get("id").getLongValue());
      }
    }
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
    assertThat(owner.session().get(org + "/audit-log?limit=0").statusCode()).isEqualTo(400);
  }

  private static List<String> actions(JsonNode entries) {
    List<String> actions = new ArrayList<>();
    for (JsonNode entry : entries.values()) {
      actions.add(entry.get("action").getStringValue());
    }
    return actions;
  }

  private static JsonNode entry(JsonNode entries, String action) {
    for (JsonNode entry : entries.values()) {
      if (entry.get("action").getStringValue().equals(action)) {
        return entry;
      }
    }
    throw new AssertionError("no " + action);
  }

  private List<String> accountActions(UUID userId) throws Exception {
    List<String> actions = new ArrayList<>();
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "select action from audit_log where org_id is null and actor_user_id = ?"
                    + " order by id")) {
      statement.setObject(1, userId);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          actions.add(rs.getString(1));
        }
      }
    }
    return actions;
  }
}
