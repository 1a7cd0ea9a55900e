package dev.materia.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInTest {
  static final byte[] SECRET = "a session secret of at least thirty-two bytes".getBytes();

  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(
          Map.of("materia.session.secret", Base64.getEncoder().encodeToString(SECRET)));

  private final Tenants tenants = new Tenants(controlPlane);

  @Test
  void signUpCreatesAnOwnerAnOrganizationWithProdAndASession() {
    SignedInUser alice = tenants.signUp("Acme");

    HttpResponse<String> me = alice.session().get("/api/v1/me");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(Json.string(me, "user", "email")).isEqualTo(alice.email());
    assertThat(Json.parse(me).get("organizations").get(0).get("role").getStringValue())
        .isEqualTo("owner");
    HttpResponse<String> deployments =
        alice.session().get("/api/v1/orgs/" + alice.org() + "/deployments");
    assertThat(deployments.statusCode()).as(deployments.body()).isEqualTo(200);
    assertThat(deployments.body()).contains("\"name\":\"prod\"");
  }

  @Test
  void sessionCookieIsAHostPrefixedHttpOnlySecureLaxCookieWithoutDomain() {
    HttpResponse<String> response = login(tenants.signUp("Cookie"));

    String setCookie =
        response.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("__Host-materia-session="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie)
        .containsIgnoringCase("; HTTPOnly")
        .containsIgnoringCase("; Secure")
        .containsIgnoringCase("; SameSite=Lax")
        .contains("; Path=/")
        .containsPattern("Max-Age=\\d+")
        .doesNotContainIgnoringCase("Domain=");
    // The cookie holds a JWT (three base64url parts), not the password or the user id alone.
    assertThat(Tenants.sessionCookie(response).split("=", 2)[1].split("\\.")).hasSize(3);
  }

  @Test
  void aReadableSignedInCookieLivesBesideTheSessionCookieSoTheConsoleAsksMeOnlyWhenItIsThere()
      throws Exception {
    SignedInUser alice = tenants.signUp("Companion");
    HttpResponse<String> response = login(alice);

    String session = setCookie(response, "__Host-materia-session=");
    String signedIn = setCookie(response, "__Host-materia-signed-in=");
    assertThat(signedIn)
        .as("readable by the console's script, holding no secret")
        .startsWith("__Host-materia-signed-in=1;")
        .doesNotContainIgnoringCase("HTTPOnly")
        .containsIgnoringCase("; Secure")
        .containsIgnoringCase("; SameSite=Lax")
        .contains("; Path=/")
        .doesNotContainIgnoringCase("Domain=");
    assertThat(maxAge(signedIn))
        .isCloseTo(maxAge(session), org.assertj.core.data.Offset.offset(2L));

    HttpResponse<String> out = alice.session().post("/api/v1/auth/logout", null);
    assertThat(setCookie(out, "__Host-materia-signed-in="))
        .startsWith("__Host-materia-signed-in=;")
        .contains("Max-Age=0");

    SignedInUser bob = tenants.signUp("CompanionGone");
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update sessions set revoked_at = now() where user_id = ?")) {
      statement.setObject(1, bob.userId());
      statement.executeUpdate();
    }
    HttpResponse<String> gone = bob.session().get("/api/v1/me");
    assertThat(gone.statusCode()).isEqualTo(401);
    assertThat(setCookie(gone, "__Host-materia-signed-in=")).contains("Max-Age=0");
    assertThat(controlPlane.client().get("/api/v1/me").statusCode())
        .as("API clients still learn from /me that nobody is signed in")
        .isEqualTo(401);
    HttpResponse<String> stray =
        controlPlane.client().cookie("__Host-materia-signed-in=1").get("/api/v1/me");
    assertThat(stray.statusCode()).isEqualTo(401);
    assertThat(setCookie(stray, "__Host-materia-signed-in="))
        .as("a companion without a session is cleared too")
        .contains("Max-Age=0");
  }

  private static String setCookie(HttpResponse<String> response, String prefix) {
    return response.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + response.headers().map()));
  }

  private static long maxAge(String setCookie) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Max-Age=(\\d+)").matcher(setCookie);
    assertThat(m.find()).as(setCookie).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void signInWithTheRightPasswordStartsAnIndependentSession() {
    SignedInUser alice = tenants.signUp("Second");
    SignedInUser again = tenants.signIn(alice);

    assertThat(again.cookie()).isNotEqualTo(alice.cookie());
    assertThat(again.session().get("/api/v1/me").statusCode()).isEqualTo(200);
    assertThat(Json.string(login(alice), "user", "id")).isEqualTo(alice.userId().toString());
  }

  @Test
  void rejectsAWrongPasswordAndAnUnknownEmailAlikeWith401() {
    SignedInUser alice = tenants.signUp("Wrong");

    HttpResponse<String> wrong = login(alice.email(), "not the password at all");
    HttpResponse<String> unknown = login("nobody@nowhere.test", "not the password at all");

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(Json.string(wrong, "error", "code")).isEqualTo("invalid_credentials");
    assertThat(Json.string(wrong, "error", "message"))
        .isEqualTo(Json.string(unknown, "error", "message"));
    assertThat(wrong.headers().allValues("set-cookie")).isEmpty();
  }

  @Test
  void signOutEndsTheSessionAtOnceAndClearsTheCookie() {
    SignedInUser alice = tenants.signUp("Logout");
    SignedInUser other = tenants.signIn(alice);

    HttpResponse<String> out = alice.session().post("/api/v1/auth/logout", null);

    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().allValues("set-cookie"))
        .anySatisfy(
            c -> assertThat(c).startsWith("__Host-materia-session=;").contains("Max-Age=0"));
    HttpResponse<String> after = alice.session().get("/api/v1/me");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(Json.string(after, "error", "code")).isEqualTo("session_revoked");
    assertThat(other.session().get("/api/v1/me").statusCode())
        .as("only the signed-out session ends")
        .isEqualTo(200);
  }

  @Test
  void signOutWithoutASessionIsFine() {
    assertThat(controlPlane.client().csrf().post("/api/v1/auth/logout", null).statusCode())
        .isEqualTo(204);
  }

  @Test
  void aStaleCookieDoesNotBlockSigningInAgain() {
    SignedInUser alice = tenants.signUp("Stale");
    alice.session().post("/api/v1/auth/logout", null);

    HttpResponse<String> response =
        alice
            .session()
            .post(
                "/api/v1/auth/login",
                "{\"email\":%s,\"password\":%s}"
                    .formatted(Json.quote(alice.email()), Json.quote(alice.password())));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void rejectsASessionPastItsAbsoluteLifetimeWith401() throws Exception {
    SignedInUser alice = tenants.signUp("Expired");
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update sessions set expires_at = now() - interval '1 second' where user_id = ?")) {
      statement.setObject(1, alice.userId());
      statement.executeUpdate();
    }

    HttpResponse<String> response = alice.session().get("/api/v1/me");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Json.string(response, "error", "code")).isEqualTo("session_expired");
    assertThat(response.headers().allValues("set-cookie"))
        .as("the dead cookie is cleared")
        .anySatisfy(c -> assertThat(c).contains("Max-Age=0"));
  }

  @Test
  void rejectsAJwtPastItsIdleExpiryWith401() throws Exception {
    SignedInUser alice = tenants.signUp("Idle");
    String jwt = mint(alice.userId(), sessionIdOf(alice), Instant.now().minusSeconds(1), SECRET);

    HttpResponse<String> response = withJwt(jwt).get("/api/v1/me");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Json.string(response, "error", "code")).isEqualTo("session_expired");
  }

  @Test
  void rejectsAJwtSignedWithAnotherKeyOrTamperedWith401() throws Exception {
    SignedInUser alice = tenants.signUp("Forged");
    byte[] otherKey = "another secret that is also thirty-two bytes long".getBytes();
    String forged =
        mint(alice.userId(), sessionIdOf(alice), Instant.now().plusSeconds(600), otherKey);
    String value = alice.cookie().split("=", 2)[1];
    String tampered = value.substring(0, value.length() - 2) + (value.endsWith("A") ? "BB" : "AA");

    for (String jwt : new String[] {forged, tampered, "not-a-jwt"}) {
      HttpResponse<String> response = withJwt(jwt).get("/api/v1/me");
      assertThat(response.statusCode()).as(jwt).isEqualTo(401);
      assertThat(Json.string(response, "error", "code")).isEqualTo("invalid_session");
    }
  }

  @Test
  void renewsTheJwtWhenLessThanHalfItsIdleTimeIsLeft() throws Exception {
    SignedInUser alice = tenants.signUp("Renew");
    String nearlyIdle =
        mint(alice.userId(), sessionIdOf(alice), Instant.now().plusSeconds(60), SECRET);

    HttpResponse<String> response = withJwt(nearlyIdle).get("/api/v1/me");

    assertThat(response.statusCode()).isEqualTo(200);
    String renewed =
        response.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("__Host-materia-session="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no renewed cookie"));
    assertThat(renewed).doesNotContain(nearlyIdle);
    assertThat(alice.session().get("/api/v1/me").headers().allValues("set-cookie"))
        .as("a fresh JWT is not renewed on every request")
        .isEmpty();
  }

  @Test
  void refusesASignUpWithATakenEmailOrOrganizationWith409NamingTheField() {
    SignedInUser alice = tenants.signUp("Taken");

    HttpResponse<String> sameEmail = signUp(alice.email(), "Another Org " + UUID.randomUUID());
    HttpResponse<String> sameOrg =
        signUp("someone-" + UUID.randomUUID() + "@taken.test", alice.org());

    assertThat(sameEmail.statusCode()).isEqualTo(409);
    assertThat(Json.string(sameEmail, "error", "field")).isEqualTo("email");
    assertThat(sameOrg.statusCode()).isEqualTo(409);
    assertThat(Json.string(sameOrg, "error", "field")).isEqualTo("organization");
  }

  @Test
  void refusesBadSignUpFieldsWith400NamingEachAndStoresNothing() throws Exception {
    String[][] cases = {
      {"{\"password\":\"long enough pw\",\"name\":\"N\",\"organization\":\"O\"}", "email"},
      {
        "{\"email\":\"not-an-email\",\"password\":\"long enough pw\",\"name\":\"N\",\"organization\":\"O\"}",
        "email"
      },
      {
        "{\"email\":\"a@b.test\",\"password\":\"short\",\"name\":\"N\",\"organization\":\"O\"}",
        "password"
      },
      {"{\"email\":\"a@b.test\",\"password\":\"long enough pw\",\"organization\":\"O\"}", "name"},
      {"{\"email\":\"a@b.test\",\"password\":\"long enough pw\",\"name\":\"N\"}", "organization"},
      {
        "{\"email\":\"a@b.test\",\"password\":\"long enough pw\",\"name\":\"N\",\"organization\":\"!!!\"}",
        "organization"
      },
    };
    long usersBefore = count("users");
    for (String[] c : cases) {
      HttpResponse<String> response =
          controlPlane.client().csrf().post("/api/v1/auth/signup", c[0]);
      assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(Json.string(response, "error", "field")).as(c[0]).isEqualTo(c[1]);
      assertThat(Json.string(response, "error", "message")).as(c[0]).isNotBlank();
    }
    assertThat(count("users")).isEqualTo(usersBefore);
  }

  @Test
  void storesPasswordsAsArgon2idHashesOnly() throws Exception {
    SignedInUser alice = tenants.signUp("Hash");
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement("select password_hash from users where id = ?")) {
      statement.setObject(1, alice.userId());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        assertThat(rs.getString(1))
            .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
            .doesNotContain(alice.password());
      }
    }
  }

  @Nested
  class WhenSignUpIsTurnedOff {
    @RegisterExtension
    static final RunningControlPlane inviteOnly =
        new RunningControlPlane(Map.of("materia.signup.enabled", false));

    @Test
    void refusesSignUpWith403AndCreatesNothing() throws Exception {
      HttpResponse<String> response =
          inviteOnly
              .client()
              .csrf()
              .post(
                  "/api/v1/auth/signup",
                  "{\"email\":\"a@b.test\",\"password\":\"long enough pw\",\"name\":\"A\","
                      + "\"organization\":\"Closed\"}");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(Json.string(response, "error", "code")).isEqualTo("signup_disabled");
      try (Connection connection = inviteOnly.database().connect();
          ResultSet rs = connection.createStatement().executeQuery("select count(*) from users")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  private HttpResponse<String> login(SignedInUser user) {
    return login(user.email(), user.password());
  }

  private HttpResponse<String> login(String email, String password) {
    return controlPlane
        .client()
        .csrf()
        .post(
            "/api/v1/auth/login",
            "{\"email\":%s,\"password\":%s}".formatted(Json.quote(email), Json.quote(password)));
  }

  private HttpResponse<String> signUp(String email, String organization) {
    return controlPlane
        .client()
        .csrf()
        .post(
            "/api/v1/auth/signup",
            "{\"email\":%s,\"password\":\"long enough pw\",\"name\":\"X\",\"organization\":%s}"
                .formatted(Json.quote(email), Json.quote(organization)));
  }

  private dev.materia.controlplane.testing.ApiClient withJwt(String jwt) {
    return controlPlane.client().cookie("__Host-materia-session=" + jwt).csrf();
  }

  private UUID sessionIdOf(SignedInUser user) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "select id from sessions where user_id = ? order by created_at limit 1")) {
      statement.setObject(1, user.userId());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private long count(String table) throws Exception {
    try (Connection connection = controlPlane.database().connect();
        ResultSet rs = connection.createStatement().executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String mint(UUID userId, UUID sessionId, Instant expiresAt, byte[] key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .issuer("materia")
                .subject(userId.toString())
                .claim("sid", sessionId.toString())
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt))
                .build());
    jwt.sign(new MACSigner(key));
    return jwt.serialize();
  }
}
