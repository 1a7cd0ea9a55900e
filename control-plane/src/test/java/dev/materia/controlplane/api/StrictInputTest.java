package dev.materia.controlplane.api;

import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.log;
import static dev.materia.controlplane.runs.RunFixtures.postEvents;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.runs.RunFixtures.runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.runs.RunFixtures.ClaimedRun;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.TenantSnapshot;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Text is safe and numbers are strict at the door: NUL and unpaired surrogates are refused with a
 * 400 naming the field (event payloads excepted: they are repaired), numbers are never coerced,
 * arrays are not strings, oversized lines and headers get 414 and 431.
 */
class StrictInputTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static Tenants tenants;
  private static SignedInUser owner;
  private static UUID orgId;
  private static String agentToken;

  @BeforeAll
  static void organization() {
    tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Strict");
    orgId = owner.orgId();
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
  }

  private static String org(String rest) {
    return "/api/v1/orgs/" + owner.org() + rest;
  }

  private static void assertRefused(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(Json.string(response, "error", "field")).as(response.body()).isEqualTo(field);
  }

  private TenantSnapshot snapshot() {
    return TenantSnapshot.take(controlPlane.database(), orgId);
  }

  @Test
  void aNulInTheSignUpNameIs400NamingName() {
    HttpResponse<String> response =
        controlPlane
            .client()
            .csrf()
            .post(
                "/api/v1/auth/signup",
                "{\"email\":\"nul@strict.test\",\"password\":\"correct horse battery\","
                    + "\"name\":\"Ev\\u0000e\",\"organization\":\"Nul Inc\"}");

    assertRefused(response, "name");
  }

  @Test
  void aLoneSurrogateInTheSignUpOrganizationIs400NamingOrganization() {
    HttpResponse<String> response =
        controlPlane
            .client()
            .csrf()
            .post(
                "/api/v1/auth/signup",
                "{\"email\":\"lone@strict.test\",\"password\":\"correct horse battery\","
                    + "\"name\":\"Eve\",\"organization\":\"Lone \\ud800 Inc\"}");

    assertRefused(response, "organization");
  }

  @Test
  void aNulInALaunchTagIs400NamingTheTagAndLaunchesNothing() {
    TenantSnapshot before = snapshot();

    HttpResponse<String> response =
        owner
            .session()
            .post(
                runs(owner, "prod"),
                "{\"selection\":\"sales/raw_orders\",\"tags\":{\"team\":\"a\\u0000b\"}}");

    assertRefused(response, "tags.team");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aLoneSurrogateInAPartitionKeyIs400NamingPartitionKey() {
    HttpResponse<String> response =
        owner
            .session()
            .post(
                runs(owner, "prod"),
                "{\"selection\":\"sales/raw_orders\",\"partitionKey\":\"\\udc00\"}");

    assertRefused(response, "partitionKey");
  }

  @Test
  void aNulInAnInvitationEmailIs400NamingEmail() {
    HttpResponse<String> response =
        owner
            .session()
            .post(org("/invitations"), "{\"email\":\"x\\u0000@strict.test\",\"role\":\"viewer\"}");

    assertRefused(response, "email");
  }

  @Test
  void aNulInATokenNameIs400AndNotSavedCut() {
    TenantSnapshot before = snapshot();

    HttpResponse<String> response = owner.session().post(org("/tokens"), "{\"name\":\"t\\u0000\"}");

    assertRefused(response, "name");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aNulInAQueryParameterIs400NamingTheParameter() {
    HttpResponse<String> response =
        owner
            .session()
            .get(
                "/api/v1/orgs/"
                    + owner.org()
                    + "/deployments/prod/asset-materializations/sales/raw_orders?partition=%00");

    assertRefused(response, "partition");
  }

  @Test
  void aNulInAPathSegmentIs400NamingThePathVariable() {
    HttpResponse<String> response = owner.session().get("/api/v1/orgs/" + owner.org() + "%00");

    assertRefused(response, "org");
  }

  @Test
  void anArrayWhereAStringBelongsIs400NamingTheField() {
    TenantSnapshot before = snapshot();

    HttpResponse<String> response = owner.session().post(org("/deployments"), "{\"name\":[\"x\"]}");

    assertRefused(response, "name");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aNumberAsTextOrWithAFractionIsRefusedNotCoerced() {
    assertRefused(
        owner.session().post(org("/tokens"), "{\"name\":\"n\",\"expiresInDays\":\"2\"}"),
        "expiresInDays");
    assertRefused(
        owner.session().post(org("/tokens"), "{\"name\":\"n\",\"expiresInDays\":1.5}"),
        "expiresInDays");
  }

  @Test
  void anAuditCursorThisApiNeverGaveIs400() {
    assertRefused(owner.session().get(org("/audit-log?cursor=zzz")), "cursor");
  }

  @Test
  void aHundredThousandCharacterUrlIs414() {
    HttpResponse<String> response =
        owner.session().get(org("/deployments?x=" + "a".repeat(100_000)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(414);
  }

  @Test
  void aHundredThousandCharacterHeaderIs431() {
    HttpResponse<String> response =
        controlPlane.send(
            HttpRequest.newBuilder(controlPlane.uri("/api/v1/me"))
                .header("X-Padding", "a".repeat(100_000))
                .GET()
                .build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(431);
  }

  // Event batches: numbers are strict, keys have a length limit, text is repaired.

  private static ClaimedRun started() {
    return RunFixtures.started(controlPlane, owner, agentToken);
  }

  private static HttpResponse<String> send(ClaimedRun run, String body) {
    return postEvents(controlPlane, run.token(), run.id(), body);
  }

  private static String logWithSeq(String seq) {
    return "{\"type\":\"log_line\",\"seq\":"
        + seq
        + ",\"timestamp\":\""
        + Instant.now()
        + "\",\"level\":\"INFO\",\"message\":\"m\"}";
  }

  @Test
  void aSeqPast2To64Is400NamingItNotStoredAsItsLowBits() {
    ClaimedRun run = started();

    assertRefused(
        send(run, batch(run.id(), runStarted(1), logWithSeq("18446744073709551621"))),
        "events[1].seq");
    assertRefused(send(run, batch(run.id(), logWithSeq("1.5"))), "events[0].seq");
    assertRefused(send(run, batch(run.id(), logWithSeq("\"2\""))), "events[0].seq");
    assertThat(eventCount(run.id())).isZero();
  }

  @Test
  void aMegabyteStepKeyIs400NamingIt() {
    ClaimedRun run = started();
    String step = "s".repeat(1_000_000);
    String event =
        "{\"type\":\"step_started\",\"seq\":1,\"timestamp\":\"%s\",\"stepKey\":\"%s\",\"assetKey\":\"sales/raw_orders\",\"partitionKey\":null,\"attempt\":1}"
            .formatted(Instant.now(), step);

    assertRefused(send(run, batch(run.id(), event)), "events[0].stepKey");
    assertThat(eventCount(run.id())).isZero();
  }

  @Test
  void aLogLineWithNulAndALoneSurrogateIsStoredRepairedWithACount() {
    ClaimedRun run = started();
    String body =
        batch(run.id(), runStarted(1), log(2, "before"), log(3, "x"), log(4, "after"))
            .replace(
                "\"message\":\"x\"",
                "\"message\":\"binary\\u0000data \\ud800 and \\ud83d\\ude00\"");

    HttpResponse<String> ack = send(run, body);

    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(Json.string(ack, "contiguousSeq")).isEqualTo("4");
    var events =
        Json.parse(owner.session().get(runs(owner, "prod") + "/" + run.id() + "/events"))
            .get("events");
    String message = events.get(2).get("message").getStringValue();
    assertThat(message)
        .startsWith("binary\uFFFDdata \uFFFD and \uD83D\uDE00")
        .contains("2 characters replaced");
    assertThat(events.get(3).get("message").getStringValue()).isEqualTo("after");
  }

  private static long eventCount(String runId) {
    try (var connection = controlPlane.database().connect();
        var statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "select count(*) from run_events where run_id = '" + runId + "'")) {
      rows.next();
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
