package dev.materia.controlplane.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.ServedRoutes;
import dev.materia.controlplane.testing.TenantSnapshot;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Text safety over every route of the server: each route has a row saying where a NUL or an
 * unpaired surrogate can go into its body, query or path (or why it takes no text). Every such
 * input is refused with 400 naming the field (path segments: the route's path variable), never 500,
 * and changes nothing; event batches are the one exception, stored with the text repaired. A route
 * added without a row fails {@link #everyRouteOfTheServerHasARow}.
 */
class TextSafetyTableTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  /** Where the bad character goes in a body template. */
  private static final String BAD = "@@";

  /** The two unstorable characters, as JSON escapes and as percent-encoded UTF-8 bytes. */
  private static final List<String> JSON_BAD = List.of("\\u0000", "\\ud800");

  private static final List<String> URL_BAD = List.of("%00", "%ED%A0%80");

  private static final String ORG = "/api/v1/orgs/{org}";
  private static final String DEP = ORG + "/deployments/{deployment}";
  private static final String RUNS = DEP + "/runs";

  private static Victim victim;
  private static String agentToken;

  private static final AtomicInteger tried = new AtomicInteger();
  private static final AtomicInteger clean = new AtomicInteger();
  private static final AtomicInteger repaired = new AtomicInteger();
  private static final AtomicInteger serverErrors = new AtomicInteger();
  private static final AtomicInteger partialWrites = new AtomicInteger();

  /** Who sends a row's requests. */
  enum As {
    OWNER,
    AGENT,
    ANONYMOUS
  }

  /**
   * One way to put bad text into a route's request.
   *
   * @param where "body", "query" or "path"
   * @param field the field the 400 must name
   * @param request the path and body, with {@link #BAD} where the bad character goes
   */
  record Probe(String where, String field, Function<Victim, TenantRoutes.Request> request) {}

  /** A route, who calls it, and its probes; none only with the reason it takes no text. */
  record Row(String key, As as, List<Probe> probes, String noTextReason) {}

  private static Probe body(String field, String path, String body) {
    return new Probe("body", field, v -> at(v, path, body));
  }

  private static Probe query(String field, String pathWithQuery) {
    return new Probe("query", field, v -> at(v, pathWithQuery, null));
  }

  private static Probe path(String field, Function<Victim, String> path) {
    return new Probe("path", field, v -> new TenantRoutes.Request(path.apply(v), null));
  }

  private static TenantRoutes.Request at(Victim v, String path, String body) {
    return new TenantRoutes.Request(
        path.replace("{org}", v.org()).replace("{deployment}", "prod"), body);
  }

  private static Row row(String method, String template, As as, Probe... probes) {
    return new Row(method + " " + template, as, List.of(probes), null);
  }

  private static Row noText(String method, String template, String reason) {
    return new Row(method + " " + template, As.OWNER, List.of(), reason);
  }

  private static String org(Victim v) {
    return "/api/v1/orgs/" + v.org();
  }

  static final List<Row> ROWS =
      List.of(
          // Sign-up and sign-in take text before any organization.
          row(
              "POST",
              "/api/v1/auth/signup",
              As.ANONYMOUS,
              body(
                  "name",
                  "/api/v1/auth/signup",
                  "{\"email\":\"t@text.test\",\"password\":\"correct horse battery\","
                      + "\"name\":\"E@@ve\",\"organization\":\"Text\"}"),
              body(
                  "organization",
                  "/api/v1/auth/signup",
                  "{\"email\":\"t@text.test\",\"password\":\"correct horse battery\","
                      + "\"name\":\"Eve\",\"organization\":\"Te@@xt\"}"),
              body(
                  "email",
                  "/api/v1/auth/signup",
                  "{\"email\":\"t@@@text.test\",\"password\":\"correct horse battery\","
                      + "\"name\":\"Eve\",\"organization\":\"Text\"}"),
              body(
                  "password",
                  "/api/v1/auth/signup",
                  "{\"email\":\"t@text.test\",\"password\":\"correct horse @@battery\","
                      + "\"name\":\"Eve\",\"organization\":\"Text\"}")),
          row(
              "POST",
              "/api/v1/auth/login",
              As.ANONYMOUS,
              body("email", "/api/v1/auth/login", "{\"email\":\"a@@@b.test\",\"password\":\"x\"}"),
              body(
                  "password",
                  "/api/v1/auth/login",
                  "{\"email\":\"a@b.test\",\"password\":\"x@@\"}")),
          row(
              "POST",
              "/api/v1/auth/logout",
              As.ANONYMOUS,
              query("reason", "/api/v1/auth/logout?reason=" + BAD)),
          row(
              "POST",
              "/api/v1/auth/invitations/accept",
              As.ANONYMOUS,
              body("token", "/api/v1/auth/invitations/accept", "{\"token\":\"mti_@@\"}"),
              body(
                  "name",
                  "/api/v1/auth/invitations/accept",
                  "{\"token\":\"mti_x\",\"name\":\"N@@\",\"password\":\"correct horse battery\"}")),
          row("GET", "/api/v1/me", As.OWNER, query("view", "/api/v1/me?view=" + BAD)),
          row("GET", ORG, As.OWNER, path("org", v -> org(v) + BAD)),
          row("GET", ORG + "/members", As.OWNER, path("org", v -> org(v) + BAD + "/members")),
          row(
              "PATCH",
              ORG + "/members/{userId}",
              As.OWNER,
              body(
                  "role",
                  ORG + "/members/00000000-0000-0000-0000-000000000000",
                  "{\"role\":\"view@@er\"}"),
              path("userId", v -> org(v) + "/members/" + v.freshMemberId() + BAD)),
          row(
              "DELETE",
              ORG + "/members/{userId}",
              As.OWNER,
              path("userId", v -> org(v) + "/members/" + v.freshMemberId() + BAD)),
          row(
              "POST",
              ORG + "/invitations",
              As.OWNER,
              body(
                  "email",
                  ORG + "/invitations",
                  "{\"email\":\"x@@@victim.test\",\"role\":\"viewer\"}"),
              body("role", ORG + "/invitations", "{\"email\":\"x@victim.test\",\"role\":\"@@\"}")),
          row(
              "GET",
              ORG + "/invitations",
              As.OWNER,
              path("org", v -> org(v) + BAD + "/invitations")),
          row(
              "DELETE",
              ORG + "/invitations/{id}",
              As.OWNER,
              path("id", v -> org(v) + "/invitations/" + v.freshInvitationId() + BAD)),
          row(
              "GET",
              ORG + "/deployments",
              As.OWNER,
              path("org", v -> org(v) + BAD + "/deployments")),
          row(
              "POST",
              ORG + "/deployments",
              As.OWNER,
              body("name", ORG + "/deployments", "{\"name\":\"staging@@\"}")),
          row(
              "DELETE",
              ORG + "/deployments/{deployment}",
              As.OWNER,
              path("deployment", v -> org(v) + "/deployments/" + v.freshDeployment() + BAD)),
          row(
              "POST",
              ORG + "/tokens",
              As.OWNER,
              body("name", ORG + "/tokens", "{\"name\":\"t@@\"}"),
              body("scopes[0]", ORG + "/tokens", "{\"name\":\"t\",\"scopes\":[\"api:read@@\"]}")),
          row("GET", ORG + "/tokens", As.OWNER, path("org", v -> org(v) + BAD + "/tokens")),
          row(
              "DELETE",
              ORG + "/tokens/{id}",
              As.OWNER,
              path("id", v -> org(v) + "/tokens/" + v.freshUserTokenId() + BAD)),
          row(
              "POST",
              ORG + "/agent-tokens",
              As.OWNER,
              body("name", ORG + "/agent-tokens", "{\"name\":\"a@@\",\"deployments\":[\"prod\"]}"),
              body(
                  "deployments[0]",
                  ORG + "/agent-tokens",
                  "{\"name\":\"a\",\"deployments\":[\"prod@@\"]}")),
          row(
              "GET",
              ORG + "/agent-tokens",
              As.OWNER,
              path("org", v -> org(v) + BAD + "/agent-tokens")),
          row(
              "DELETE",
              ORG + "/agent-tokens/{id}",
              As.OWNER,
              path("id", v -> org(v) + "/agent-tokens/" + v.freshAgentTokenId() + BAD)),
          row(
              "GET",
              ORG + "/audit-log",
              As.OWNER,
              query("cursor", ORG + "/audit-log?cursor=" + BAD)),
          row("GET", ORG + "/agents", As.OWNER, path("org", v -> org(v) + BAD + "/agents")),
          // Runs
          row(
              "POST",
              RUNS,
              As.OWNER,
              body("selection", RUNS, "{\"selection\":\"sales/raw_orders@@\"}"),
              body(
                  "partitionKey",
                  RUNS,
                  "{\"selection\":\"sales/raw_orders\",\"partitionKey\":\"2024@@\"}"),
              body(
                  "tags.team",
                  RUNS,
                  "{\"selection\":\"sales/raw_orders\",\"tags\":{\"team\":\"a@@\"}}"),
              path("deployment", v -> org(v) + "/deployments/prod" + BAD + "/runs")),
          row(
              "GET",
              RUNS,
              As.OWNER,
              query("status", RUNS + "?status=" + BAD),
              query("tag", RUNS + "?tag=team=" + BAD),
              query("cursor", RUNS + "?cursor=" + BAD)),
          row(
              "GET",
              RUNS + "/{id}",
              As.OWNER,
              path("id", v -> org(v) + "/deployments/prod/runs/" + v.freshRunId() + BAD)),
          row(
              "POST",
              RUNS + "/{id}/cancel",
              As.OWNER,
              path(
                  "id",
                  v -> org(v) + "/deployments/prod/runs/" + v.freshRunId() + BAD + "/cancel")),
          row(
              "GET",
              RUNS + "/{id}/events",
              As.OWNER,
              path(
                  "id", v -> org(v) + "/deployments/prod/runs/" + v.freshRunId() + BAD + "/events"),
              query("after", RUNS + "/00000000-0000-0000-0000-000000000000/events?after=" + BAD)),
          row(
              "GET",
              RUNS + "/{id}/events/stream",
              As.OWNER,
              path(
                  "id",
                  v ->
                      org(v)
                          + "/deployments/prod/runs/"
                          + v.freshRunId()
                          + BAD
                          + "/events/stream")),
          // Catalog
          row(
              "POST",
              DEP + "/code-locations",
              As.OWNER,
              body(
                  "name",
                  DEP + "/code-locations",
                  "{\"name\":\"loc@@\",\"artifact\":\"/opt/l.jar\",\"version\":\"v1\"}"),
              body(
                  "artifact",
                  DEP + "/code-locations",
                  "{\"name\":\"loc\",\"artifact\":\"/opt/l@@.jar\",\"version\":\"v1\"}")),
          row(
              "GET",
              DEP + "/code-locations",
              As.OWNER,
              path("deployment", v -> org(v) + "/deployments/prod" + BAD + "/code-locations")),
          row(
              "GET",
              DEP + "/code-locations/{name}",
              As.OWNER,
              path("name", v -> org(v) + "/deployments/prod/code-locations/loc" + BAD)),
          row(
              "GET",
              DEP + "/assets",
              As.OWNER,
              query("q", DEP + "/assets?q=" + BAD),
              query("group", DEP + "/assets?group=" + BAD),
              query("tag", DEP + "/assets?tag=k=" + BAD)),
          row(
              "GET",
              DEP + "/assets/{key:.+}",
              As.OWNER,
              path("key", v -> org(v) + "/deployments/prod/assets/sales/raw" + BAD)),
          row(
              "GET",
              DEP + "/asset-materializations/{key:.+}",
              As.OWNER,
              query("partition", DEP + "/asset-materializations/sales/raw_orders?partition=" + BAD),
              path("key", v -> org(v) + "/deployments/prod/asset-materializations/sales/r" + BAD)),
          row(
              "GET",
              DEP + "/asset-partitions/{key:.+}",
              As.OWNER,
              query("status", DEP + "/asset-partitions/sales/daily_revenue?status=" + BAD)),
          row(
              "GET",
              DEP + "/asset-partition-keys/{key:.+}",
              As.OWNER,
              query(
                  "first",
                  DEP
                      + "/asset-partition-keys/sales/daily_revenue?first="
                      + BAD
                      + "&last=2024-01-02")),
          row(
              "GET",
              DEP + "/asset-check-history/{key:.+}",
              As.OWNER,
              path("key", v -> org(v) + "/deployments/prod/asset-check-history/sales/c" + BAD)),
          row(
              "GET",
              DEP + "/asset-graph",
              As.OWNER,
              path("deployment", v -> org(v) + "/deployments/prod" + BAD + "/asset-graph")),
          // The agent protocol
          row(
              "GET",
              "/api/agent/v1/work",
              As.AGENT,
              query("wait", "/api/agent/v1/work?wait=" + BAD)),
          row(
              "POST",
              "/api/agent/v1/heartbeat",
              As.AGENT,
              body(
                  "agentId",
                  "/api/agent/v1/heartbeat",
                  "{\"agentId\":\"a@@\",\"version\":\"0.1.0\",\"codeLocations\":[],\"runs\":[],"
                      + "\"stopping\":false,\"releasedWorkItems\":[]}")),
          row(
              "PUT",
              "/api/agent/v1/code-locations/{name}/snapshot",
              As.AGENT,
              query("deployment", "/api/agent/v1/code-locations/sales/snapshot?deployment=" + BAD),
              body(
                  "name",
                  "/api/agent/v1/code-locations/sales/snapshot?deployment=prod",
                  "{\"name\":\"sales@@\"}"),
              path(
                  "name",
                  v -> "/api/agent/v1/code-locations/sales" + BAD + "/snapshot?deployment=prod")),
          row(
              "POST",
              "/api/agent/v1/runs/{runId}/events",
              As.AGENT,
              path("runId", v -> "/api/agent/v1/runs/" + v.freshRunId() + BAD + "/events")),
          noText("GET", "/api/agent/v1/identity", "no parameters and no body: the token alone"),
          noText("GET", "/api/openapi.yml", "a fixed document; no parameters"),
          noText("GET", "/health", "outside the API; reads nothing from the request"),
          noText("GET", "/health/ready", "outside the API; reads nothing from the request"));

  @BeforeAll
  static void organization() {
    Tenants tenants = new Tenants(controlPlane);
    victim = new Victim(controlPlane, tenants, "Text");
    victim.catalogLocation();
    agentToken = tenants.agentToken(victim.owner, "prod");
  }

  @AfterAll
  static void tally() {
    System.out.printf(
        "text-safety tally: %d inputs over %d routes: %d clean 400s, %d repaired (event text),"
            + " %d 5xx, %d partial writes%n",
        tried.get(),
        ROWS.size(),
        clean.get(),
        repaired.get(),
        serverErrors.get(),
        partialWrites.get());
  }

  @Test
  void everyRouteOfTheServerHasARow() {
    Set<String> served = ServedRoutes.of(controlPlane);
    Set<String> listed = ROWS.stream().map(Row::key).collect(Collectors.toCollection(TreeSet::new));

    assertThat(served)
        .as("add a row for each new route: where its text goes, or why it takes none")
        .containsExactlyInAnyOrderElementsOf(listed);
    assertThat(ROWS)
        .allSatisfy(
            row -> assertThat(row.probes().isEmpty()).isEqualTo(row.noTextReason() != null));
  }

  @TestFactory
  Stream<DynamicTest> badTextIsRefusedNamingTheFieldAndChangesNothing() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Row row : ROWS) {
      for (Probe probe : row.probes()) {
        List<String> variants = probe.where().equals("body") ? JSON_BAD : URL_BAD;
        for (String bad : variants) {
          tests.add(
              dynamicTest(
                  row.key() + " " + probe.where() + " " + probe.field() + " " + bad,
                  () -> {
                    TenantRoutes.Request request = probe.request().apply(victim);
                    String path = request.path().replace(BAD, bad);
                    String body = request.body() == null ? null : request.body().replace(BAD, bad);
                    TenantSnapshot before = victim.snapshot();
                    long accounts = accounts();
                    tried.incrementAndGet();

                    HttpResponse<String> response =
                        client(row.as()).send(row.key().split(" ")[0], path, body);

                    if (response.statusCode() >= 500) {
                      serverErrors.incrementAndGet();
                    }
                    boolean unchanged = victim.snapshot().equals(before) && accounts() == accounts;
                    if (!unchanged) {
                      partialWrites.incrementAndGet();
                    }
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                    assertThat(Json.string(response, "error", "field"))
                        .as(response.body())
                        .isEqualTo(probe.field());
                    assertThat(unchanged).as("nothing stored").isTrue();
                    clean.incrementAndGet();
                  }));
        }
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> eventTextIsRepairedNotRefused() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String bad : JSON_BAD) {
      for (String field : List.of("message", "stepKey")) {
        tests.add(
            dynamicTest(
                "POST /api/agent/v1/runs/{runId}/events " + field + " " + bad,
                () -> {
                  String runId = victim.freshRunId();
                  String event =
                      "{\"type\":\"log_line\",\"runId\":\"%s\",\"seq\":1,\"timestamp\":\"2026-01-01T00:00:00Z\",\"stepKey\":\"s%s\",\"level\":\"INFO\",\"message\":\"m%s\"}"
                          .formatted(
                              runId,
                              field.equals("stepKey") ? bad : "",
                              field.equals("message") ? bad : "");
                  tried.incrementAndGet();

                  HttpResponse<String> response =
                      client(As.AGENT)
                          .post(
                              AgentProtocol.eventsPath(runId),
                              "{\"runId\":\"" + runId + "\",\"events\":[" + event + "]}");

                  if (response.statusCode() >= 500) {
                    serverErrors.incrementAndGet();
                  }
                  assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                  var stored =
                      Json.parse(
                              victim
                                  .owner
                                  .session()
                                  .get(org(victim) + "/deployments/prod/runs/" + runId + "/events"))
                          .get("events")
                          .get(0);
                  assertThat(stored.get(field).getStringValue()).contains("\uFFFD");
                  assertThat(stored.get("message").getStringValue())
                      .contains("1 character replaced");
                  repaired.incrementAndGet();
                }));
      }
    }
    return tests.stream();
  }

  private static ApiClient client(As as) {
    return switch (as) {
      case OWNER -> victim.owner.session();
      case AGENT ->
          controlPlane
              .client()
              .bearer(agentToken)
              .header(AgentProtocol.HEADER, AgentProtocol.VERSION);
      case ANONYMOUS -> controlPlane.client().csrf();
    };
  }

  /** Users and organizations of every tenant, for routes that create them (sign-up). */
  private static long accounts() {
    try (var connection = controlPlane.database().connect();
        var statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "select (select count(*) from users) + (select count(*) from organizations)")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
