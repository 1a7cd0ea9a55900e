package dev.materia.controlplane.runs;

import static dev.materia.controlplane.runs.RunFixtures.runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Launching checks partition keys against the selected assets' partitions definitions, so a run the
 * agent would refuse is refused at the door. The sales location's {@code sales/daily_revenue} has
 * daily partitions from 2024-01-01 to 2024-01-11 (exclusive); its upstreams are unpartitioned.
 */
class LaunchPartitionsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static SignedInUser owner;

  @BeforeAll
  static void organization() {
    owner = new Tenants(controlPlane).signUp("LaunchPartitions");
    RunFixtures.prepare(controlPlane, owner, "prod");
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
}
