package dev.materia.controlplane.assets;

import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.postEvents;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One source of asset state: the catalog, the asset detail and the lineage graph say what each
 * asset's own steps did, settled when their run ends, and staleness by data versions. Real
 * PostgreSQL and HTTP; the test speaks for the agent with its token.
 */
class AssetStateTest {
  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(
          Map.of("materia.queue.sweep-interval", "100ms", "materia.runs.silence-timeout", "60s"));

  private static SignedInUser owner;
  private static String agentToken;

  @BeforeAll
  static void organization() {
    owner = new Tenants(controlPlane).signUp("State");
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
  }

  @Test
  void aBackfillWhoseBlockingCheckRunsAfterEachPartitionEndsMaterializedNotInProgress() {
    String run =
        launch(
            "{\"selection\":\"sales/daily_revenue\",\"partitionRange\":"
                + "{\"first\":\"2024-01-01\",\"last\":\"2024-01-10\"}}");
    Events events = new Events(run);
    events.add(runStarted(events.next(), "sales/daily_revenue", events.at()));
    for (int day = 1; day <= 10; day++) {
      String p = "2024-01-%02d".formatted(day);
      events.add(step(events.next(), "sales/daily_revenue", "sales/daily_revenue", p, events.at()));
      events.add(
          materialized(
              events.next(), "sales/daily_revenue", p, "d" + day, null, "{}", events.at()));
      events.add(succeeded(events.next(), "sales/daily_revenue", events.at()));
      // the check step names the same asset and partition as the asset's own step
      events.add(
          step(
              events.next(), "sales/daily_revenue:no_gaps", "sales/daily_revenue", p, events.at()));
      events.add(succeeded(events.next(), "sales/daily_revenue:no_gaps", events.at()));
    }
    events.add(finished(events.next(), "SUCCESS", events.at()));
    events.send();

    JsonNode asset = asset("sales/daily_revenue");
    JsonNode counts = asset.get("partitionCounts");
    assertThat(counts.get("materialized").getLongValue()).isEqualTo(10);
    assertThat(counts.get("inProgress").getLongValue()).isZero();
    // not RUNNING (nor FAILED); whether it is stale depends on what other tests ran upstream
    assertThat(asset.get("status").getStringValue()).isIn("UP_TO_DATE", "STALE");
    assertThat(graphNode("sales/daily_revenue").get("status").getStringValue())
        .isEqualTo(asset.get("status").getStringValue());
    HttpResponse<String> partitions =
        owner.session().get(base() + "/asset-partitions/sales/daily_revenue?status=in_progress");
    assertThat(Json.parse(partitions).get("items").size()).as(partitions.body()).isZero();
  }

  @Test
  void aSuccessfulStepStaysSuccessfulWhenItsDownstreamFails() {
    String run = launch("{\"selection\":\"sales/raw_orders, sales/cleaned_orders\"}");
    Events events = new Events(run);
    events.add(runStarted(events.next(), "sales/raw_orders", events.at()));
    events.add(step(events.next(), "sales/raw_orders", "sales/raw_orders", null, events.at()));
    events.add(
        materialized(events.next(), "sales/raw_orders", null, "r1", "v1", "{}", events.at()));
    events.add(succeeded(events.next(), "sales/raw_orders", events.at()));
    events.add(
        step(events.next(), "sales/cleaned_orders", "sales/cleaned_orders", null, events.at()));
    events.add(stepFailed(events.next(), "sales/cleaned_orders", events.at()));
    events.add(finished(events.next(), "FAILURE", events.at()));
    events.send();

    JsonNode raw = asset("sales/raw_orders");
    assertThat(raw.get("latestRun").get("status").getStringValue()).isEqualTo("FAILURE");
    assertThat(raw.get("status").getStringValue()).isEqualTo("UP_TO_DATE");
    assertThat(graphNode("sales/raw_orders").get("status").getStringValue())
        .isEqualTo("UP_TO_DATE");
    assertThat(asset("sales/cleaned_orders").get("status").getStringValue()).isEqualTo("FAILED");
    assertThat(graphNode("sales/cleaned_orders").get("status").getStringValue())
        .isEqualTo("FAILED");
  }

  @Test
  void aLiveRunShowsItsAssetsRunningUntilTheirOwnStepsEnd() {
    String run = launch("{\"selection\":\"marketing/campaigns\"}");
    assertThat(asset("marketing/campaigns").get("status").getStringValue()).isEqualTo("RUNNING");
    Events events = new Events(run);
    events.add(runStarted(events.next(), "marketing/campaigns", events.at()));
    events.add(
        step(events.next(), "marketing/campaigns", "marketing/campaigns", null, events.at()));
    events.send();
    assertThat(asset("marketing/campaigns").get("status").getStringValue()).isEqualTo("RUNNING");
    assertThat(graphNode("marketing/campaigns").get("status").getStringValue())
        .isEqualTo("RUNNING");

    events.add(
        materialized(events.next(), "marketing/campaigns", null, "m1", "v1", "{}", events.at()));
    events.add(succeeded(events.next(), "marketing/campaigns", events.at()));
    events.send();
    // the run is still live, but the asset's own step is done
    assertThat(asset("marketing/campaigns").get("status").getStringValue()).isEqualTo("UP_TO_DATE");
  }

  @Test
  void aCanceledRunPutsWhatItLeftInProgressBackAsItWas() {
    String first =
        launch("{\"selection\":\"sales/daily_revenue\",\"partitionKey\":\"2024-01-03\"}");
    Events before = new Events(first);
    before.add(runStarted(before.next(), "sales/daily_revenue", before.at()));
    before.add(
        step(
            before.next(),
            "sales/daily_revenue",
            "sales/daily_revenue",
            "2024-01-03",
            before.at()));
    before.add(
        materialized(
            before.next(), "sales/daily_revenue", "2024-01-03", "c3", null, "{}", before.at()));
    before.add(finished(before.next(), "SUCCESS", before.at()));
    before.send();

    String canceled =
        launch(
            "{\"selection\":\"sales/daily_revenue\",\"partitionRange\":"
                + "{\"first\":\"2024-01-03\",\"last\":\"2024-01-04\"}}");
    Events events = new Events(canceled);
    events.add(runStarted(events.next(), "sales/daily_revenue", events.at()));
    events.add(
        step(
            events.next(),
            "sales/daily_revenue",
            "sales/daily_revenue",
            "2024-01-03",
            events.at()));
    events.add(
        step(
            events.next(),
            "sales/daily_revenue",
            "sales/daily_revenue",
            "2024-01-04",
            events.at()));
    events.add(finished(events.next(), "CANCELED", events.at()));
    events.send();

    HttpResponse<String> partitions =
        owner.session().get(base() + "/asset-partitions/sales/daily_revenue");
    assertThat(partitions.body()).doesNotContain("in_progress").doesNotContain("2024-01-04");
    assertThat(partitionStatus(partitions, "2024-01-03")).isEqualTo("materialized");
  }

  @Test
  void aRunTheMonitorFailsForItsSilenceFailsWhatItLeftInProgress() throws Exception {
    String run = launch("{\"selection\":\"sales/daily_revenue\",\"partitionKey\":\"2024-01-07\"}");
    Events events = new Events(run);
    events.add(runStarted(events.next(), "sales/daily_revenue", events.at()));
    events.add(
        step(
            events.next(),
            "sales/daily_revenue",
            "sales/daily_revenue",
            "2024-01-07",
            events.at()));
    events.send();
    try (Connection connection = controlPlane.database().connect()) {
      connection
          .createStatement()
          .executeUpdate(
              "update runs set last_heard_at = now() - interval '1 hour' where id = '"
                  + UUID.fromString(run)
                  + "'");
    }

    await(
        "run " + run + " to be failed for its silence",
        Duration.ofSeconds(20),
        () -> "FAILURE".equals(Json.string(owner.session().get(runs() + "/" + run), "status")));

    HttpResponse<String> partitions =
        owner.session().get(base() + "/asset-partitions/sales/daily_revenue");
    assertThat(partitionStatus(partitions, "2024-01-07")).isEqualTo("failed");
  }

  @Test
  void reMaterializingAnUpstreamWithTheSameDataKeepsItUpToDateAndWithNewDataMakesItStale() {
    registerSeed("1");
    String run = launch("{\"selection\":\"raw_sales_data, cleaned_sales_data\"}");
    Events events = new Events(run);
    events.add(runStarted(events.next(), "raw_sales_data", events.at()));
    events.add(
        materialized(events.next(), "raw_sales_data", null, "sales-a", "1", "{}", events.at()));
    events.add(
        materialized(
            events.next(),
            "cleaned_sales_data",
            null,
            "clean-a",
            "1",
            "{\"raw_sales_data\":\"sales-a\"}",
            events.at()));
    events.add(finished(events.next(), "SUCCESS", events.at()));
    events.send();
    assertThat(asset("cleaned_sales_data").get("status").getStringValue()).isEqualTo("UP_TO_DATE");

    materializeRaw("sales-a"); // the same data again, later
    JsonNode same = asset("cleaned_sales_data");
    assertThat(same.get("status").getStringValue()).isEqualTo("UP_TO_DATE");
    assertThat(same.get("stalenessCauses").size()).isZero();

    materializeRaw("sales-b"); // a sale was appended
    JsonNode stale = asset("cleaned_sales_data");
    assertThat(stale.get("status").getStringValue()).isEqualTo("STALE");
    assertThat(stale.get("staleness").getStringValue()).isEqualTo("STALE");
    assertThat(strings(stale.get("stalenessCauses")))
        .containsExactly("upstream raw_sales_data has a newer data version");
    JsonNode node = graphNode("cleaned_sales_data");
    assertThat(node.get("status").getStringValue()).isEqualTo("STALE");
    assertThat(strings(node.get("stalenessCauses")))
        .containsExactly("upstream raw_sales_data has a newer data version");
    HttpResponse<String> filtered = owner.session().get(base() + "/assets?status=stale");
    assertThat(keys(filtered)).contains("cleaned_sales_data").doesNotContain("raw_sales_data");

    registerSeed("2");
    assertThat(strings(asset("cleaned_sales_data").get("stalenessCauses")))
        .containsExactly("code version 2 ≠ 1", "upstream raw_sales_data has a newer data version");
  }

  @Test
  void aPartitionIsStaleWhenAnUpstreamPartitionItReadHasANewDataVersion() {
    String run = launch("{\"selection\":\"sales/daily_revenue\",\"partitionKey\":\"2024-01-09\"}");
    Events events = new Events(run);
    events.add(runStarted(events.next(), "sales/daily_revenue", events.at()));
    events.add(
        materialized(
            events.next(),
            "sales/daily_revenue",
            "2024-01-09",
            "rev-9",
            "v1",
            "{\"sales/cleaned_orders\":\"clean-old\"}",
            events.at()));
    events.add(finished(events.next(), "SUCCESS", events.at()));
    events.send();
    String upstream = launch("{\"selection\":\"sales/cleaned_orders\"}");
    Events more = new Events(upstream);
    more.add(runStarted(more.next(), "sales/cleaned_orders", more.at()));
    more.add(
        materialized(
            more.next(), "sales/cleaned_orders", null, "clean-new", "v1", "{}", more.at()));
    more.add(finished(more.next(), "SUCCESS", more.at()));
    more.send();

    HttpResponse<String> partitions =
        owner.session().get(base() + "/asset-partitions/sales/daily_revenue");
    JsonNode row = partition(partitions, "2024-01-09");
    assertThat(row.get("staleness").getStringValue()).isEqualTo("STALE");
    assertThat(strings(row.get("stalenessCauses")))
        .containsExactly("upstream sales/cleaned_orders has a newer data version");
  }

  // --- the seed example's sales assets, in a second code location of the deployment

  private static void registerSeed(String cleanedCodeVersion) {
    HttpResponse<String> registered =
        owner
            .session()
            .post(
                base() + "/code-locations",
                "{\"name\":\"seed\",\"artifact\":\"/opt/seed.jar\",\"version\":\"v"
                    + cleanedCodeVersion
                    + "\"}");
    assertThat(registered.statusCode()).as(registered.body()).isBetween(200, 201);
    CatalogFixtures.upload(
        controlPlane,
        agentToken,
        CodeLocationSnapshot.of(
            "seed",
            "v" + cleanedCodeVersion,
            List.of(
                seedAsset("raw_sales_data", List.of(), "1"),
                seedAsset("cleaned_sales_data", List.of("raw_sales_data"), cleanedCodeVersion),
                seedAsset("sales_summary", List.of("cleaned_sales_data"), "1")),
            List.of(),
            List.of()));
  }

  private static AssetSnapshot seedAsset(String key, List<String> deps, String codeVersion) {
    return new AssetSnapshot(
        key, deps, "sales", "", List.of(), Map.of(), List.of("java"), codeVersion, null, null);
  }

  private static void materializeRaw(String dataVersion) {
    String run = launch("{\"selection\":\"raw_sales_data\"}");
    Events events = new Events(run);
    events.add(runStarted(events.next(), "raw_sales_data", events.at()));
    events.add(step(events.next(), "raw_sales_data", "raw_sales_data", null, events.at()));
    events.add(
        materialized(events.next(), "raw_sales_data", null, dataVersion, "1", "{}", events.at()));
    events.add(finished(events.next(), "SUCCESS", events.at()));
    events.send();
  }

  // --- requests

  private static String base() {
    return "/api/v1/orgs/" + owner.org() + "/deployments/prod";
  }

  private static String runs() {
    return base() + "/runs";
  }

  private static String launch(String body) {
    HttpResponse<String> response = owner.session().post(runs(), body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.string(response, "id");
  }

  private static JsonNode asset(String key) {
    HttpResponse<String> response = owner.session().get(base() + "/assets/" + key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response).get("asset");
  }

  private static JsonNode graphNode(String key) {
    HttpResponse<String> response = owner.session().get(base() + "/asset-graph");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (JsonNode node : Json.parse(response).get("nodes").values()) {
      if (key.equals(node.get("key").getStringValue())) {
        return node;
      }
    }
    throw new AssertionError("no node " + key + " in " + response.body());
  }

  private static JsonNode partition(HttpResponse<String> partitions, String key) {
    assertThat(partitions.statusCode()).as(partitions.body()).isEqualTo(200);
    for (JsonNode row : Json.parse(partitions).get("items").values()) {
      if (key.equals(row.get("partitionKey").getStringValue())) {
        return row;
      }
    }
    throw new AssertionError("no partition " + key + " in " + partitions.body());
  }

  private static String partitionStatus(HttpResponse<String> partitions, String key) {
    return partition(partitions, key).get("status").getStringValue();
  }

  private static List<String> keys(HttpResponse<String> page) {
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    List<String> keys = new ArrayList<>();
    for (JsonNode item : Json.parse(page).get("items").values()) {
      keys.add(item.get("key").getStringValue());
    }
    return keys;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode value : array.values()) {
      out.add(value.getStringValue());
    }
    return out;
  }

  // --- events, each with its own time, shipped as one batch by send()

  /** A run's events with ascending seqs and times (a millisecond apart), sent in batches. */
  private static final class Events {
    private final String runId;
    private final List<String> pending = new ArrayList<>();
    private long seq;
    private Instant clock = Instant.now().minusSeconds(5);

    Events(String runId) {
      this.runId = runId;
    }

    long next() {
      return ++seq;
    }

    Instant at() {
      clock = clock.plusMillis(1);
      return clock;
    }

    void add(String event) {
      pending.add(event);
    }

    void send() {
      HttpResponse<String> response =
          postEvents(controlPlane, agentToken, runId, batch(runId, pending.toArray(String[]::new)));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      pending.clear();
    }
  }

  private static String runStarted(long seq, String selection, Instant at) {
    return ("{\"type\":\"run_started\",\"seq\":%d,\"timestamp\":\"%s\",\"selection\":%s,"
            + "\"stepKeys\":[]}")
        .formatted(seq, at, Json.quote(selection));
  }

  private static String step(long seq, String stepKey, String asset, String partition, Instant at) {
    return ("{\"type\":\"step_started\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":%s,"
            + "\"assetKey\":%s,\"partitionKey\":%s,\"attempt\":1}")
        .formatted(
            seq,
            at,
            Json.quote(stepKey),
            Json.quote(asset),
            partition == null ? "null" : Json.quote(partition));
  }

  private static String succeeded(long seq, String stepKey, Instant at) {
    return ("{\"type\":\"step_succeeded\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":%s,"
            + "\"attempt\":1,\"durationMillis\":1}")
        .formatted(seq, at, Json.quote(stepKey));
  }

  private static String stepFailed(long seq, String stepKey, Instant at) {
    return ("{\"type\":\"step_failed\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":%s,"
            + "\"attempt\":1,\"error\":{\"className\":\"E\",\"message\":\"bad\","
            + "\"stackTrace\":\"\"}}")
        .formatted(seq, at, Json.quote(stepKey));
  }

  private static String materialized(
      long seq,
      String asset,
      String partition,
      String dataVersion,
      String codeVersion,
      String inputs,
      Instant at) {
    return ("{\"type\":\"asset_materialized\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":%s,"
            + "\"assetKey\":%s,\"partitionKey\":%s,\"dataVersion\":%s,\"codeVersion\":%s,"
            + "\"inputDataVersions\":%s,\"metadata\":{}}")
        .formatted(
            seq,
            at,
            Json.quote(asset),
            Json.quote(asset),
            partition == null ? "null" : Json.quote(partition),
            Json.quote(dataVersion),
            codeVersion == null ? "null" : Json.quote(codeVersion),
            inputs);
  }

  private static String finished(long seq, String status, Instant at) {
    return ("{\"type\":\"run_finished\",\"seq\":%d,\"timestamp\":\"%s\",\"status\":\"%s\","
            + "\"durationMillis\":5,\"message\":null}")
        .formatted(seq, at, status);
  }
}
