package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET .../asset-partition-keys/{key}} lists the keys the agent computes, in the partitions'
 * own timezone: America/New_York springs forward on 2024-03-10, a 23-hour day.
 */
class AssetPartitionKeysTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static SignedInUser owner;
  private static String base;

  @BeforeAll
  static void newYorkPartitions() {
    Tenants tenants = new Tenants(controlPlane);
    owner = tenants.signUp("PartitionKeys");
    base = "/api/v1/orgs/" + owner.org() + "/deployments/prod";
    HttpResponse<String> registered =
        owner
            .session()
            .post(
                base + "/code-locations",
                "{\"name\":\"zones\",\"artifact\":\"/opt/zones.jar\",\"version\":\"v1\"}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    CodeLocationSnapshot snapshot =
        CodeLocationSnapshot.of(
            "zones",
            "v1",
            List.of(
                asset("zones/daily", window(PartitionsKind.DAILY, "2024-03-08", "2024-03-13")),
                asset("zones/hourly", window(PartitionsKind.HOURLY, "2024-03-10", "2024-03-11")),
                asset("zones/open", window(PartitionsKind.DAILY, "2024-03-01", null)),
                asset("zones/customers", PartitionsSnapshot.dynamic("customers", "customers")),
                asset("zones/plain", null)),
            List.of(),
            List.of());
    CatalogFixtures.upload(controlPlane, tenants.agentToken(owner, "prod"), snapshot);
  }

  private static PartitionsSnapshot window(PartitionsKind kind, String start, String end) {
    return PartitionsSnapshot.timeWindow(
        kind,
        start + "T00:00",
        end == null ? null : end + "T00:00",
        NEW_YORK.getId(),
        kind + " in New York");
  }

  private static dev.materia.api.snapshot.AssetSnapshot asset(
      String key, PartitionsSnapshot partitions) {
    return Snapshots.asset(key, List.of(), "zones", List.of(), Map.of(), partitions);
  }

  private static HttpResponse<String> keys(String asset, String query) {
    return owner.session().get(base + "/asset-partition-keys/" + asset + query);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode value : array.values()) {
      out.add(value.getStringValue());
    }
    return out;
  }

  @Test
  void dailyKeysAcrossTheSpringForwardAreTheLocalDays() {
    HttpResponse<String> response = keys("zones/daily", "");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = Json.parse(response);
    assertThat(body.get("total").getLongValue()).isEqualTo(5);
    assertThat(strings(body.get("keys")))
        .containsExactly("2024-03-08", "2024-03-09", "2024-03-10", "2024-03-11", "2024-03-12");
  }

  @Test
  void theSpringForwardDayHas23HourlyKeysWithoutTheSkippedHour() {
    JsonNode body = Json.parse(keys("zones/hourly", ""));

    List<String> hours = strings(body.get("keys"));
    assertThat(hours).hasSize(23).doesNotContain("2024-03-10-02:00");
    assertThat(hours.subList(0, 3))
        .containsExactly("2024-03-10-00:00", "2024-03-10-01:00", "2024-03-10-03:00");
    assertThat(hours.getLast()).isEqualTo("2024-03-10-23:00");
  }

  @Test
  void theNewestOpenEndedDayIsTheLastOneEndedInNewYork() {
    LocalDate before = LocalDate.now(NEW_YORK).minusDays(1);
    JsonNode body = Json.parse(keys("zones/open", "?limit=1"));
    LocalDate after = LocalDate.now(NEW_YORK).minusDays(1);

    List<String> newest = strings(body.get("keys"));
    assertThat(newest).hasSize(1);
    assertThat(newest.getFirst()).isIn(before.toString(), after.toString());
    assertThat(body.get("total").getLongValue())
        .isEqualTo(
            LocalDate.parse("2024-03-01").datesUntil(LocalDate.parse(newest.getFirst())).count()
                + 1);
  }

  @Test
  void countsARangeAndRefusesAKeyThatIsNotOneNamingTheField() {
    JsonNode range =
        Json.parse(keys("zones/daily", "?limit=2&first=2024-03-09&last=2024-03-11")).get("range");
    HttpResponse<String> early = keys("zones/daily", "?first=2024-03-07&last=2024-03-11");
    HttpResponse<String> reversed = keys("zones/daily", "?first=2024-03-11&last=2024-03-09");
    HttpResponse<String> alone = keys("zones/daily", "?first=2024-03-09");

    assertThat(range.get("size").getLongValue()).isEqualTo(3);
    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(Json.string(early, "error", "field")).isEqualTo("first");
    assertThat(Json.string(early, "error", "message")).contains("2024-03-08");
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(Json.string(reversed, "error", "field")).isEqualTo("last");
    assertThat(alone.statusCode()).isEqualTo(400);
    assertThat(Json.string(alone, "error", "field")).isEqualTo("last");
  }

  @Test
  void listsTheNewestKeysUpToTheLimitWithTheTotal() {
    JsonNode body = Json.parse(keys("zones/daily", "?limit=2"));

    assertThat(strings(body.get("keys"))).containsExactly("2024-03-11", "2024-03-12");
    assertThat(body.get("total").getLongValue()).isEqualTo(5);
  }

  @Test
  void dynamicKeysAreUnknownHereAndAnUnpartitionedAssetHasNone() {
    JsonNode dynamic = Json.parse(keys("zones/customers", ""));
    HttpResponse<String> plain = keys("zones/plain", "");

    assertThat(dynamic.get("total").isNull()).isTrue();
    assertThat(strings(dynamic.get("keys"))).isEmpty();
    assertThat(plain.statusCode()).isEqualTo(404);
  }
}
