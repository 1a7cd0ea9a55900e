package dev.materia.controlplane.runs;

import static dev.materia.controlplane.runs.RunFixtures.runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.TenantSnapshot;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Launching checks partition keys against the selected assets' partitions definitions, so a run the
 * agent would refuse is refused at the door. The sales location's {@code sales/daily_revenue} has
 * daily partitions from 2024-01-01 to 2024-01-11 (exclusive); its upstreams are unpartitioned. The
 * regional location adds {@code regional/by_region} (static: us, eu), {@code
 * regional/daily_features} (daily from 2024-01-01, open-ended), and {@code regional/weekly} (weekly
 * from Monday 2024-01-01).
 */
class LaunchPartitionsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static SignedInUser owner;

  @BeforeAll
  static void organization() {
    owner = new Tenants(controlPlane).signUp("LaunchPartitions");
    String agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
    uploadRegional(agentToken);
  }

  private static void uploadRegional(String agentToken) {
    HttpResponse<String> registered =
        owner
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations",
                "{\"name\":\"regional\",\"artifact\":\"/opt/regional.jar\",\"version\":\"v1\"}");
    assertThat(registered.statusCode()).as(registered.body()).isBetween(200, 201);
    CodeLocationSnapshot snapshot =
        CodeLocationSnapshot.of(
            "regional",
            "v1",
            List.of(
                asset("regional/lookup", List.of(), null),
                asset(
                    "regional/by_region",
                    List.of("regional/lookup"),
                    PartitionsSnapshot.staticKeys(List.of("us", "eu"), "regions")),
                asset(
                    "regional/daily_features",
                    List.of("regional/lookup"),
                    PartitionsSnapshot.timeWindow(
                        PartitionsKind.DAILY, "2024-01-01T00:00", null, "UTC", "days")),
                asset(
                    "regional/weekly",
                    List.of(),
                    PartitionsSnapshot.timeWindow(
                        PartitionsKind.WEEKLY, "2024-01-01T00:00", null, "UTC", "weeks"))),
            List.of(),
            List.of());
    HttpResponse<String> uploaded =
        RunFixtures.agent(controlPlane, agentToken)
            .send(
                "PUT",
                AgentProtocol.snapshotPath("regional") + "?deployment=prod",
                Snapshots.json(controlPlane.context().getBean(JsonMapper.class), snapshot));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
  }

  private static AssetSnapshot asset(String key, List<String> deps, PartitionsSnapshot partitions) {
    return new AssetSnapshot(
        key, deps, "regional", "", List.of(), Map.of(), List.of(), "v1", partitions, null);
  }

  /** Launches and checks that the refusal stored nothing: no run row, no work item, no audit. */
  private static HttpResponse<String> refused(String selection, String partitionFields) {
    TenantSnapshot before = TenantSnapshot.take(controlPlane.database(), owner.orgId());
    HttpResponse<String> response =
        owner
            .session()
            .post(
                runs(owner, "prod"),
                "{\"selection\":"
                    + Json.quote(selection)
                    + (partitionFields.isEmpty() ? "" : "," + partitionFields)
                    + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(TenantSnapshot.take(controlPlane.database(), owner.orgId())).isEqualTo(before);
    return response;
  }

  private static HttpResponse<String> launch(String selection, String partitionFields) {
    return owner
        .session()
        .post(
            runs(owner, "prod"),
            "{\"selection\":" + Json.quote(selection) + "," + partitionFields + "}");
  }

  @Test
  void aKeyInsideTheDefinitionLaunches() {
    HttpResponse<String> key = launch("sales/daily_revenue", "\"partitionKey\":\"2024-01-10\"");
    HttpResponse<String> range =
        launch(
            "sales/cleaned_orders+",
            "\"partitionRange\":{\"first\":\"2024-01-01\",\"last\":\"2024-01-10\"}");

    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    assertThat(range.statusCode()).as(range.body()).isEqualTo(201);
  }

  @Test
  void aKeyOutsideTheDefinitionIsRefusedNamingPartitionKeyAndTheValidRange() {
    HttpResponse<String> before = launch("sales/daily_revenue", "\"partitionKey\":\"2023-12-31\"");
    HttpResponse<String> after = launch("sales/daily_revenue", "\"partitionKey\":\"2024-01-11\"");
    HttpResponse<String> malformed = launch("sales/daily_revenue", "\"partitionKey\":\"us\"");

    assertThat(before.statusCode()).as(before.body()).isEqualTo(400);
    assertThat(Json.string(before, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(before, "error", "message"))
        .contains("sales/daily_revenue")
        .contains("use 2024-01-01 or later");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(400);
    assertThat(Json.string(after, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(after, "error", "message")).contains("use 2024-01-10 or earlier");
    assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
    assertThat(Json.string(malformed, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(malformed, "error", "message")).contains("e.g. 2024-01-01");
  }

  @Test
  void aRangeOutsideTheDefinitionIsRefusedNamingTheEndAtFault() {
    HttpResponse<String> early =
        launch(
            "sales/daily_revenue",
            "\"partitionRange\":{\"first\":\"2023-12-01\",\"last\":\"2024-01-03\"}");
    HttpResponse<String> late =
        launch(
            "sales/daily_revenue",
            "\"partitionRange\":{\"first\":\"2024-01-01\",\"last\":\"2024-02-01\"}");
    HttpResponse<String> reversed =
        launch(
            "sales/daily_revenue",
            "\"partitionRange\":{\"first\":\"2024-01-05\",\"last\":\"2024-01-02\"}");

    assertThat(early.statusCode()).as(early.body()).isEqualTo(400);
    assertThat(Json.string(early, "error", "field")).isEqualTo("partitionRange.first");
    assertThat(late.statusCode()).as(late.body()).isEqualTo(400);
    assertThat(Json.string(late, "error", "field")).isEqualTo("partitionRange.last");
    assertThat(Json.string(late, "error", "message")).contains("2024-01-10");
    assertThat(reversed.statusCode()).as(reversed.body()).isEqualTo(400);
    assertThat(Json.string(reversed, "error", "field")).isEqualTo("partitionRange");
    assertThat(Json.string(reversed, "error", "message")).contains("2024-01-02...2024-01-05");
  }

  @Test
  void aPartitionOfASelectionWithoutPartitionedAssetsIsRefused() {
    HttpResponse<String> key = launch("sales/raw_orders", "\"partitionKey\":\"2024-01-01\"");
    HttpResponse<String> range =
        launch(
            "sales/raw_orders",
            "\"partitionRange\":{\"first\":\"2024-01-01\",\"last\":\"2024-01-02\"}");

    assertThat(key.statusCode()).as(key.body()).isEqualTo(400);
    assertThat(Json.string(key, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(key, "error", "message"))
        .contains("sales/raw_orders")
        .contains("not partitioned");
    assertThat(range.statusCode()).as(range.body()).isEqualTo(400);
    assertThat(Json.string(range, "error", "field")).isEqualTo("partitionRange");
  }

  @Test
  void aPartitionedAssetLaunchedWithoutAKeyIsRefusedNamingPartitionKeyTheAssetAndAKey() {
    String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

    HttpResponse<String> alone = refused("regional/daily_features", "");
    HttpResponse<String> mixed = refused("regional/lookup+", "");

    assertThat(Json.string(alone, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(alone, "error", "message"))
        .startsWith(
            "asset regional/daily_features has daily partitions from 2024-01-01 in UTC: give"
                + " partitionKey (e.g. ")
        .contains("or partitionRange")
        .contains("leave it out of the selection");
    assertThat(Json.string(alone, "error", "message"))
        .satisfiesAnyOf(
            m -> assertThat(m).contains("(e.g. " + yesterday + ")"),
            m -> assertThat(m).contains("(e.g. " + LocalDate.parse(yesterday).minusDays(1) + ")"));
    assertThat(Json.string(mixed, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(mixed, "error", "message"))
        .contains("regional/by_region")
        .contains("1 more selected assets are partitioned [regional/daily_features]");
  }

  @Test
  void anUnknownStaticKeyAndAKeyBeforeTheStartOrInTheFutureAreRefusedStoringNothing() {
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

    HttpResponse<String> unknown = refused("regional/by_region", "\"partitionKey\":\"apac\"");
    HttpResponse<String> early =
        refused("regional/daily_features", "\"partitionKey\":\"1999-01-01\"");
    HttpResponse<String> future =
        refused("regional/daily_features", "\"partitionKey\":" + Json.quote(tomorrow));
    HttpResponse<String> futureEnd =
        refused(
            "regional/daily_features",
            "\"partitionRange\":{\"first\":\"2024-01-01\",\"last\":" + Json.quote(tomorrow) + "}");

    assertThat(Json.string(unknown, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(unknown, "error", "message"))
        .contains("regional/by_region")
        .contains("apac")
        .contains("us");
    assertThat(Json.string(early, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(early, "error", "message"))
        .contains("regional/daily_features")
        .contains("use 2024-01-01 or later");
    assertThat(Json.string(future, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(future, "error", "message")).contains("is not a partition yet");
    assertThat(Json.string(futureEnd, "error", "field")).isEqualTo("partitionRange.last");
  }

  @Test
  void aKeyForAnUnpartitionedSelectionIsRefusedStoringNothing() {
    HttpResponse<String> key = refused("regional/lookup", "\"partitionKey\":\"x\"");

    assertThat(Json.string(key, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(key, "error", "message"))
        .contains("regional/lookup")
        .contains("not partitioned");
  }

  @Test
  void aMixedSelectionRunsItsUnpartitionedAssetsOnceUnderTheKeyEveryPartitionedAssetHas() {
    HttpResponse<String> launched =
        launch("regional/lookup, regional/daily_features", "\"partitionKey\":\"2024-01-02\"");
    HttpResponse<String> notEveryAsset =
        refused("regional/lookup+", "\"partitionKey\":\"2024-01-02\"");

    assertThat(launched.statusCode()).as(launched.body()).isEqualTo(201);
    assertThat(Json.string(launched, "partitionKey")).isEqualTo("2024-01-02");
    assertThat(Json.string(notEveryAsset, "error", "field")).isEqualTo("partitionKey");
    assertThat(Json.string(notEveryAsset, "error", "message")).contains("regional/by_region");
  }

  @Test
  void aRangeWhoseKeysDifferBetweenPartitionedAssetsIsRefusedNamingBoth() {
    HttpResponse<String> differ =
        refused(
            "regional/daily_features, regional/weekly",
            "\"partitionRange\":{\"first\":\"2024-01-01\",\"last\":\"2024-01-08\"}");

    assertThat(Json.string(differ, "error", "field")).isEqualTo("partitionRange");
    assertThat(Json.string(differ, "error", "message"))
        .containsAnyOf(
            "8 partitions of asset regional/daily_features", "8 of asset regional/daily_features")
        .containsAnyOf("2 partitions of asset regional/weekly", "2 of asset regional/weekly")
        .contains("separate runs");
  }
}
