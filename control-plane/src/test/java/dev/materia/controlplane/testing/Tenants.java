package dev.materia.controlplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Makes organizations, members and tokens through the real API: sign-up, invitation and acceptance,
 * token creation. Every step asserts its status, so a broken step fails where it is.
 *
 * <pre>{@code
 * Tenants tenants = new Tenants(controlPlane);
 * SignedInUser alice = tenants.signUp("Acme");           // owner of "acme"
 * SignedInUser bob = tenants.join(alice, "viewer");     // viewer in "acme"
 * String token = tenants.userToken(bob);                // mtu_… for "acme"
 * }</pre>
 */
public final class Tenants {
  public static final String PASSWORD = "correct horse battery staple";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private final RunningControlPlane controlPlane;

  public Tenants(RunningControlPlane controlPlane) {
    this.controlPlane = controlPlane;
    InvitationInbox.open();
  }

  /** A new account that owns a new organization named {@code organization} (plus a suffix). */
  public SignedInUser signUp(String organization) {
    int n = SEQUENCE.incrementAndGet();
    String email = "owner" + n + "@" + organization.toLowerCase().replace(' ', '-') + ".test";
    String orgName = organization + " " + n;
    HttpResponse<String> response =
        controlPlane
            .client()
            .csrf()
            .post(
                "/api/v1/auth/signup",
                "{\"email\":%s,\"password\":%s,\"name\":\"Owner %d\",\"organization\":%s}"
                    .formatted(Json.quote(email), Json.quote(PASSWORD), n, Json.quote(orgName)));
    assertThat(response.statusCode()).as("sign-up: %s", response.body()).isEqualTo(201);
    String slug = Json.parse(response).get("organizations").get(0).get("slug").getStringValue();
    UUID userId = UUID.fromString(Json.string(response, "user", "id"));
    return signedIn(userId, email, PASSWORD, slug, response);
  }

  /** A new account invited into {@code admin}'s organization as {@code role}, signed in. */
  public SignedInUser join(SignedInUser admin, String role) {
    int n = SEQUENCE.incrementAndGet();
    String email = role + n + "@" + admin.org() + ".test";
    HttpResponse<String> invited =
        admin
            .session()
            .post(
                "/api/v1/orgs/" + admin.org() + "/invitations",
                "{\"email\":%s,\"role\":%s}".formatted(Json.quote(email), Json.quote(role)));
    assertThat(invited.statusCode()).as("invite: %s", invited.body()).isEqualTo(201);
    String token =
        InvitationInbox.latestTokenFor(email)
            .orElseThrow(() -> new AssertionError("no invitation link logged for " + email));
    HttpResponse<String> accepted =
        controlPlane
            .client()
            .csrf()
            .post(
                "/api/v1/auth/invitations/accept",
                "{\"token\":%s,\"name\":\"Member %d\",\"password\":%s}"
                    .formatted(Json.quote(token), n, Json.quote(PASSWORD)));
    assertThat(accepted.statusCode()).as("accept: %s", accepted.body()).isEqualTo(200);
    UUID userId = UUID.fromString(Json.string(accepted, "user", "id"));
    return signedIn(userId, email, PASSWORD, admin.org(), accepted);
  }

  /** Signs in again with email and password: a second, independent session. */
  public SignedInUser signIn(SignedInUser user) {
    HttpResponse<String> response =
        controlPlane
            .client()
            .csrf()
            .post(
                "/api/v1/auth/login",
                "{\"email\":%s,\"password\":%s}"
                    .formatted(Json.quote(user.email()), Json.quote(user.password())));
    assertThat(response.statusCode()).as("sign-in: %s", response.body()).isEqualTo(200);
    return signedIn(user.userId(), user.email(), user.password(), user.org(), response);
  }

  /** A new user token ({@code mtu_}) of {@code user} for their organization. */
  public String userToken(SignedInUser user, String... scopes) {
    String scopeJson =
        scopes.length == 0
            ? ""
            : ",\"scopes\":["
                + Arrays.stream(scopes).map(Json::quote).collect(Collectors.joining(","))
                + "]";
    HttpResponse<String> response =
        user.session()
            .post("/api/v1/orgs/" + user.org() + "/tokens", "{\"name\":\"ci\"" + scopeJson + "}");
    assertThat(response.statusCode()).as("user token: %s", response.body()).isEqualTo(201);
    return Json.string(response, "token");
  }

  /** An agent token as created: its id (to revoke it) and the secret. */
  public record AgentToken(String id, String token) {}

  /** A new agent token ({@code mta_}) for {@code deployments} of {@code admin}'s organization. */
  public String agentToken(SignedInUser admin, String... deployments) {
    return newAgentToken(admin, deployments).token();
  }

  /** Like {@link #agentToken}, with the token's id. */
  public AgentToken newAgentToken(SignedInUser admin, String... deployments) {
    String names = Arrays.stream(deployments).map(Json::quote).collect(Collectors.joining(","));
    HttpResponse<String> response =
        admin
            .session()
            .post(
                "/api/v1/orgs/" + admin.org() + "/agent-tokens",
                "{\"name\":\"agent\",\"deployments\":[" + names + "]}");
    assertThat(response.statusCode()).as("agent token: %s", response.body()).isEqualTo(201);
    return new AgentToken(Json.string(response, "id"), Json.string(response, "token"));
  }

  /** The {@code name=value} of the session cookie a response sets. */
  public static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith("__Host-materia-session=") || c.startsWith("materia-session="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }

  private SignedInUser signedIn(
      UUID userId, String email, String password, String org, HttpResponse<String> response) {
    String cookie = sessionCookie(response);
    return new SignedInUser(
        userId, email, password, org, cookie, controlPlane.client().cookie(cookie).csrf());
  }
}
