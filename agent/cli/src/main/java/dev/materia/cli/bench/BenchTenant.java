package dev.materia.cli.bench;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An organization made through the public API, as a customer would: sign-up, a session, a user
 * token for REST and agent tokens for the agent protocol.
 */
final class BenchTenant {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  static final String PASSWORD = "bench horse battery staple";

  private final Http anonymous;
  private final Http session;
  private final Http user;
  private final String org;
  private final String email;

  private BenchTenant(Http anonymous, Http session, Http user, String org, String email) {
    this.anonymous = anonymous;
    this.session = session;
    this.user = user;
    this.org = org;
    this.email = email;
  }

  static BenchTenant signUp(Http http, String name) {
    int n = SEQUENCE.incrementAndGet();
    String email = "bench" + n + "-" + System.nanoTime() + "@bench.test";
    HttpResponse<String> signedUp =
        http.header("X-Materia-CSRF", "1")
            .post(
                "api/v1/auth/signup",
                "{\"email\":%s,\"password\":%s,\"name\":\"Bench\",\"organization\":%s}"
                    .formatted(
                        Http.quote(email), Http.quote(PASSWORD), Http.quote(name + " " + n)));
    Http.expect(signedUp, 201);
    String org =
        Http.json(signedUp.body()).get("organizations").get(0).get("slug").getStringValue();
    String cookie =
        signedUp.headers().allValues("set-cookie").stream()
            .filter(c -> c.contains("materia-session="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("sign-up set no session cookie"));
    Http session = http.header("Cookie", cookie).header("X-Materia-CSRF", "1");
    String token =
        Http.json(
                Http.expect(
                    session.post("api/v1/orgs/" + org + "/tokens", "{\"name\":\"bench\"}"), 201))
            .get("token")
            .getStringValue();
    return new BenchTenant(http, session, http.bearer(token), org, email);
  }

  String org() {
    return org;
  }

  /** The owner's email; the password is {@link #PASSWORD}. */
  String email() {
    return email;
  }

  /** REST as the owner, with a user token. */
  Http user() {
    return user;
  }

  String orgPath() {
    return "api/v1/orgs/" + org;
  }

  String deploymentPath(String deployment) {
    return orgPath() + "/deployments/" + deployment;
  }

  /** A new agent token for {@code deployment}. */
  String agentToken(String deployment) {
    return Http.json(
            Http.expect(
                session.post(
                    "api/v1/orgs/" + org + "/agent-tokens",
                    "{\"name\":\"bench-agent\",\"deployments\":[" + Http.quote(deployment) + "]}"),
                201))
        .get("token")
        .getStringValue();
  }

  /** A client speaking the agent protocol with {@code agentToken}. */
  Http agent(String agentToken) {
    return anonymous.agent(agentToken);
  }

  void registerCodeLocation(String deployment, String name, String artifact) {
    HttpResponse<String> registered =
        user.post(
            deploymentPath(deployment) + "/code-locations",
            "{\"name\":%s,\"artifact\":%s,\"version\":\"v1\"}"
                .formatted(Http.quote(name), Http.quote(artifact)));
    if (registered.statusCode() != 200 && registered.statusCode() != 201) {
      Http.expect(registered, 201);
    }
  }

  /**
   * Makes {@code deployment} ready for runs without a real agent: registers code location {@code
   * name}, uploads {@code snapshot} and has {@code agentToken} claim the load item and report the
   * location loaded, as an agent would.
   */
  void prepareWithoutAgent(String deployment, String agentToken, CodeLocationSnapshot snapshot) {
    registerCodeLocation(deployment, snapshot.name(), "/bench/" + snapshot.name() + ".jar");
    Http agent = agent(agentToken);
    Http.expect(
        agent.put(
            "api/agent/v1/code-locations/" + snapshot.name() + "/snapshot?deployment=" + deployment,
            json(snapshot)),
        200);
    Http.expect(agent.get("api/agent/v1/work?wait=0"), 200);
    Http.expect(
        agent.post(
            "api/agent/v1/heartbeat",
            ("{\"agentId\":\"bench-prepare\",\"version\":\"0.1.0\",\"codeLocations\":[{\"deployment\":%s,"
                    + "\"name\":%s,\"version\":\"v1\",\"state\":\"LOADED\"}],\"runs\":[],"
                    + "\"stopping\":false,\"releasedWorkItems\":[]}")
                .formatted(Http.quote(deployment), Http.quote(snapshot.name()))),
        204);
  }

  /**
   * A new organization whose {@code prod} deployment is ready for runs of {@link #smallSnapshot}
   * (code location {@code bench}), with the agent-protocol client of the agent that loaded it.
   */
  static Prepared prepared(Http http, String name) {
    BenchTenant tenant = signUp(http, name);
    String agentToken = tenant.agentToken("prod");
    tenant.prepareWithoutAgent("prod", agentToken, smallSnapshot("bench"));
    return new Prepared(tenant, agentToken, tenant.agent(agentToken));
  }

  record Prepared(BenchTenant tenant, String agentToken, Http agent) {}

  /** Launches a run and returns its id. */
  String launch(String deployment, String body) {
    return launched(deployment, body).id();
  }

  /** A launched run: its id and the time the control plane created it. */
  record Launched(String id, java.time.Instant createdAt) {}

  Launched launched(String deployment, String body) {
    var run = Http.json(Http.expect(user.post(deploymentPath(deployment) + "/runs", body), 201));
    return new Launched(
        run.get("id").getStringValue(),
        java.time.Instant.parse(run.get("createdAt").getStringValue()));
  }

  /** Two assets, {@code bench/source → bench/target}: enough to launch runs. */
  static CodeLocationSnapshot smallSnapshot(String name) {
    return CodeLocationSnapshot.of(
        name,
        "v1",
        List.of(asset("bench/source", List.of()), asset("bench/target", List.of("bench/source"))),
        List.of(),
        List.of());
  }

  static AssetSnapshot asset(String key, List<String> deps) {
    return new AssetSnapshot(
        key, deps, "bench", "", List.of(), Map.of(), List.of(), null, null, null);
  }

  static String json(CodeLocationSnapshot snapshot) {
    try {
      return Http.JSON.writeValueAsString(snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
