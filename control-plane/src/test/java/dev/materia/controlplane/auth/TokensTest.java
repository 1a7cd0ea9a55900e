package dev.materia.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokensTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private final Tenants tenants = new Tenants(controlPlane);

  @Test
  void userTokenIsShownOnceWithTheDocumentedFormatAndWorksAsItsUser() throws Exception {
    SignedInUser alice = tenants.signUp("Ci");

    HttpResponse<String> created =
        alice
            .session()
            .post(
                "/api/v1/orgs/" + alice.org() + "/tokens",
                "{\"name\":\"ci\",\"expiresInDays\":30}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String token = Json.string(created, "token");
    assertThat(token).matches("mtu_[0-9A-Za-z]{36}");
    assertThat(TokenFormat.parse(token)).contains(TokenKind.USER);
    assertThat(Json.string(created, "id")).isNotBlank();
    HttpResponse<String> me = bearer(token).get("/api/v1/me");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(Json.string(me, "user", "id")).isEqualTo(alice.userId().toString());
    HttpResponse<String> list = alice.session().get("/api/v1/orgs/" + alice.org() + "/tokens");
    assertThat(list.body()).doesNotContain(token).contains(token.substring(0, 8));
  }

  @Test
  void storesOnlyTheSha256OfATokenAndRecordsItsLastUse() throws Exception {
    SignedInUser alice = tenants.signUp("Hashed");
    String token = tenants.userToken(alice);
    bearer(token).get("/api/v1/me");

    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "select t::text, encode(token_hash, 'hex'), last_used_at from api_tokens t"
                    + " where user_id = ?")) {
      statement.setObject(1, alice.userId());
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).doesNotContain(token.substring(8));
        assertThat(rs.getString(2)).isEqualTo(HexFormat.of().formatHex(TokenFormat.sha256(token)));
        assertThat(rs.getTimestamp(3)).as("last used").isNotNull();
      }
    }
  }

  @Test
  void recordsLastUseAtMostOncePerMinuteAndNeverForARevokedToken() throws Exception {
    SignedInUser alice = tenants.signUp("Touch");
    HttpResponse<String> created =
        alice.session().post("/api/v1/orgs/" + alice.org() + "/tokens", "{\"name\":\"ci\"}");
    String token = Json.string(created, "token");
    String id = Json.string(created, "id");
    bearer(token).get("/api/v1/me");
    Timestamp first = lastUsed(id);
    assertThat(first).as("written on first use").isNotNull();

    bearer(token).get("/api/v1/me");
    assertThat(lastUsed(id)).as("a second use within the minute writes nothing").isEqualTo(first);

    setLastUsed(id, "now() - interval '2 minutes'");
    bearer(token).get("/api/v1/me");
    assertThat(lastUsed(id)).as("written again after a minute").isAfter(first);

    alice.session().delete("/api/v1/orgs/" + alice.org() + "/tokens/" + id);
    setLastUsed(id, "now() - interval '2 minutes'");
    Timestamp beforeRefusal = lastUsed(id);
    assertThat(bearer(token).get("/api/v1/me").statusCode()).isEqualTo(401);
    assertThat(lastUsed(id)).as("a revoked token is not used").isEqualTo(beforeRefusal);
  }

  private static Timestamp lastUsed(String tokenId) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement("select last_used_at from api_tokens where id = ?")) {
      statement.setObject(1, UUID.fromString(tokenId));
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getTimestamp(1);
      }
    }
  }

  private static void setLastUsed(String tokenId, String sql) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update api_tokens set last_used_at = " + sql + " where id = ?")) {
      statement.setObject(1, UUID.fromString(tokenId));
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void rejectsARevokedTokenWith401AtOnce() {
    SignedInUser alice = tenants.signUp("Revoke");
    HttpResponse<String> created =
        alice.session().post("/api/v1/orgs/" + alice.org() + "/tokens", "{\"name\":\"ci\"}");
    String token = Json.string(created, "token");
    assertThat(bearer(token).get("/api/v1/me").statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        alice
            .session()
            .delete("/api/v1/orgs/" + alice.org() + "/tokens/" + Json.string(created, "id"));

    assertThat(revoked.statusCode()).isEqualTo(204);
    HttpResponse<String> after = bearer(token).get("/api/v1/me");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(Json.string(after, "error", "code")).isEqualTo("token_revoked");
  }

  @Test
  void rejectsAnExpiredTokenWith401() throws Exception {
    SignedInUser alice = tenants.signUp("Expire");
    String token = tenants.userToken(alice);
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update api_tokens set expires_at = now() - interval '1 second' where user_id = ?")) {
      statement.setObject(1, alice.userId());
      statement.executeUpdate();
    }

    HttpResponse<String> response = bearer(token).get("/api/v1/me");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Json.string(response, "error", "code")).isEqualTo("token_expired");
  }

  @Test
  void rejectsMalformedAndUnknownTokensWith401() {
    SignedInUser alice = tenants.signUp("Malformed");
    String token = tenants.userToken(alice);
    String badChecksum = token.substring(0, 39) + (token.endsWith("a") ? "b" : "a");
    String unknown = TokenFormat.generate(TokenKind.USER, new SecureRandom());

    for (String candidate :
        new String[] {"garbage", badChecksum, token.replace("mtu_", "mtx_"), unknown}) {
      HttpResponse<String> response = bearer(candidate).get("/api/v1/me");
      assertThat(response.statusCode()).as(candidate).isEqualTo(401);
      assertThat(Json.string(response, "error", "code")).isEqualTo("invalid_token");
    }
    HttpResponse<String> basic =
        controlPlane.client().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/me");
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(Json.string(basic, "error", "code")).isEqualTo("invalid_authorization");
  }

  @Test
  void userTokenWorksOnlyInItsOwnOrganization() {
    SignedInUser alice = tenants.signUp("Home");
    SignedInUser bobOwner = tenants.signUp("Elsewhere");
    SignedInUser aliceInvitedThere = tenants.join(bobOwner, "admin");
    String tokenForElsewhere = tenants.userToken(aliceInvitedThere);

    assertThat(bearer(tokenForElsewhere).get("/api/v1/orgs/" + bobOwner.org()).statusCode())
        .isEqualTo(200);
    assertThat(bearer(tokenForElsewhere).get("/api/v1/orgs/" + alice.org()).statusCode())
        .isEqualTo(404);
    JsonNode orgs = Json.parse(bearer(tokenForElsewhere).get("/api/v1/me")).get("organizations");
    assertThat(orgs.size()).isEqualTo(1);
  }

  @Test
  void readOnlyTokenMayReadButNotChange() {
    SignedInUser alice = tenants.signUp("ReadOnly");
    String token = tenants.userToken(alice, "api:read");

    assertThat(bearer(token).get("/api/v1/orgs/" + alice.org() + "/deployments").statusCode())
        .isEqualTo(200);
    HttpResponse<String> write =
        bearer(token).post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\":\"nope\"}");
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(Json.string(write, "error", "code")).isEqualTo("insufficient_scope");
  }

  @Test
  void userTokenIsRefusedOnTheAgentProtocolAndAgentTokenOnTheRestApi() {
    SignedInUser alice = tenants.signUp("Kinds");
    String userToken = tenants.userToken(alice);
    String agentToken = tenants.agentToken(alice, "prod");

    HttpResponse<String> userOnAgent = bearer(userToken).get("/api/agent/v1/identity");
    HttpResponse<String> agentOnRest = bearer(agentToken).get("/api/v1/me");

    assertThat(userOnAgent.statusCode()).isEqualTo(403);
    assertThat(Json.string(userOnAgent, "error", "code")).isEqualTo("wrong_token_kind");
    assertThat(agentOnRest.statusCode()).isEqualTo(403);
    assertThat(Json.string(agentOnRest, "error", "code")).isEqualTo("wrong_token_kind");
  }

  @Test
  void agentTokenIsScopedToTheDeploymentsItNames() {
    SignedInUser alice = tenants.signUp("Agents");
    alice.session().post("/api/v1/orgs/" + alice.org() + "/deployments", "{\"name\":\"staging\"}");
    String token = tenants.agentToken(alice, "staging");

    HttpResponse<String> identity = bearer(token).get("/api/agent/v1/identity");

    assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
    assertThat(Json.string(identity, "organization")).isEqualTo(alice.org());
    assertThat(Json.string(identity, "kind")).isEqualTo("agent");
    JsonNode deployments = Json.parse(identity).get("deployments");
    assertThat(deployments.size()).isEqualTo(1);
    assertThat(deployments.get(0).getStringValue()).isEqualTo("staging");
    assertThat(
            Json.parse(alice.session().get("/api/v1/orgs/" + alice.org() + "/agent-tokens"))
                .get(0)
                .get("deployments")
                .get(0)
                .getStringValue())
        .isEqualTo("staging");
  }

  @Test
  void agentTokenNeedsAtLeastOneExistingDeployment() {
    SignedInUser alice = tenants.signUp("DefaultDeny");
    String path = "/api/v1/orgs/" + alice.org() + "/agent-tokens";

    HttpResponse<String> none = alice.session().post(path, "{\"name\":\"a\",\"deployments\":[]}");
    HttpResponse<String> missing = alice.session().post(path, "{\"name\":\"a\"}");
    HttpResponse<String> unknown =
        alice.session().post(path, "{\"name\":\"a\",\"deployments\":[\"prod\",\"nowhere\"]}");

    for (HttpResponse<String> response : java.util.List.of(none, missing, unknown)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(Json.string(response, "error", "field")).isEqualTo("deployments");
    }
    assertThat(Json.string(unknown, "error", "message")).contains("nowhere");
    assertThat(Json.parse(alice.session().get(path)).size()).isZero();
  }

  @Test
  void onlyAdminsCreateOrListAgentTokens() {
    SignedInUser owner = tenants.signUp("AdminOnly");
    SignedInUser editor = tenants.join(owner, "editor");
    String path = "/api/v1/orgs/" + owner.org() + "/agent-tokens";

    HttpResponse<String> create =
        editor.session().post(path, "{\"name\":\"a\",\"deployments\":[\"prod\"]}");

    assertThat(create.statusCode()).isEqualTo(403);
    assertThat(Json.string(create, "error", "code")).isEqualTo("role_required");
    assertThat(editor.session().get(path).statusCode()).isEqualTo(403);
  }

  @Test
  void revokedAgentTokenIsRefusedAtOnce() {
    SignedInUser alice = tenants.signUp("AgentRevoke");
    HttpResponse<String> created =
        alice
            .session()
            .post(
                "/api/v1/orgs/" + alice.org() + "/agent-tokens",
                "{\"name\":\"a\",\"deployments\":[\"prod\"]}");
    String token = Json.string(created, "token");
    assertThat(token).startsWith("mta_");

    alice
        .session()
        .delete("/api/v1/orgs/" + alice.org() + "/agent-tokens/" + Json.string(created, "id"));

    assertThat(bearer(token).get("/api/agent/v1/identity").statusCode()).isEqualTo(401);
  }

  @Test
  void runTokenIsForOneRunAndExpires() throws Exception {
    SignedInUser alice = tenants.signUp("Runs");
    UUID orgId = orgId(alice.org());
    UUID prod = deploymentId(orgId, "prod");
    // A run token answers only while its run is live, so the run must exist.
    RunFixtures.prepare(controlPlane, alice, "prod");
    UUID runId = UUID.fromString(RunFixtures.launch(alice, "prod", "sales/raw_orders"));
    TenantTransactions transactions = controlPlane.context().getBean(TenantTransactions.class);
    Tokens tokens = controlPlane.context().getBean(Tokens.class);

    String token =
        transactions.run(
            TenantContext.org(orgId, null),
            () -> tokens.issueRunToken(orgId, prod, runId, Duration.ofHours(1)));

    assertThat(token).startsWith("mtr_");
    HttpResponse<String> identity = bearer(token).get("/api/agent/v1/identity");
    assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
    assertThat(Json.string(identity, "runId")).isEqualTo(runId.toString());
    assertThat(Json.string(identity, "kind")).isEqualTo("run");
    assertThat(bearer(token).get("/api/v1/me").statusCode()).isEqualTo(403);
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update api_tokens set expires_at = now() - interval '1 second' where run_id = ?")) {
      statement.setObject(1, runId);
      statement.executeUpdate();
    }
    assertThat(bearer(token).get("/api/agent/v1/identity").statusCode()).isEqualTo(401);
  }

  @Test
  void refusesBadTokenRequestsWith400NamingTheField() {
    SignedInUser alice = tenants.signUp("BadTokens");
    String path = "/api/v1/orgs/" + alice.org() + "/tokens";
    String[][] cases = {
      {"{}", "name"},
      {"{\"name\":\"  \"}", "name"},
      {"{\"name\":\"ci\",\"expiresInDays\":0}", "expiresInDays"},
      {"{\"name\":\"ci\",\"expiresInDays\":400}", "expiresInDays"},
      {"{\"name\":\"ci\",\"scopes\":[\"admin\"]}", "scopes"},
      {"{\"name\":\"ci\",\"scopes\":[]}", "scopes"},
    };
    for (String[] c : cases) {
      HttpResponse<String> response = alice.session().post(path, c[0]);
      assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(Json.string(response, "error", "field")).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(Json.parse(alice.session().get(path)).size()).isZero();
  }

  @Test
  void membersSeeAndRevokeOnlyTheirOwnTokensWhileAdminsSeeAll() {
    SignedInUser owner = tenants.signUp("Own");
    SignedInUser viewer = tenants.join(owner, "viewer");
    String ownerToken = tenants.userToken(owner);
    tenants.userToken(viewer);
    String path = "/api/v1/orgs/" + owner.org() + "/tokens";
    String ownerTokenId = Json.parse(owner.session().get(path)).get(0).get("id").getStringValue();

    assertThat(Json.parse(viewer.session().get(path)).size()).isEqualTo(1);
    assertThat(Json.parse(owner.session().get(path)).size()).isEqualTo(2);
    HttpResponse<String> foreign = viewer.session().delete(path + "/" + ownerTokenId);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(bearer(ownerToken).get("/api/v1/me").statusCode()).isEqualTo(200);
  }

  private ApiClient bearer(String token) {
    return controlPlane.client().bearer(token);
  }

  private UUID orgId(String slug) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement("select id from organizations where slug = ?")) {
      statement.setString(1, slug);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private UUID deploymentId(UUID orgId, String name) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "select id from deployments where org_id = ? and name = ?")) {
      statement.setObject(1, orgId);
      statement.setString(2, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }
}
