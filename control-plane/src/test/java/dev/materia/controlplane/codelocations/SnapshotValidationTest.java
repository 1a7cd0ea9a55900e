package dev.materia.controlplane.codelocations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The snapshot-validation table: one invalid snapshot per {@link SnapshotRule}, each refused at the
 * door with a 400 naming the location and the field, none stored, and none able to stop launches
 * from another code location of the deployment.
 */
class SnapshotValidationTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static SignedInUser owner;
  private static String agentToken;

  /** One invalid snapshot of the location {@code bad}, the rule it breaks and the field named. */
  record Row(SnapshotRule rule, String field, List<?> assets, List<?> checks, List<?> schedules) {
    @Override
    public String toString() {
      return rule + " (" + field + ")";
    }
  }

  @BeforeAll
  static void deploymentWithAGoodLocation() {
    Tenants tenants = new Tenants(controlPlane);
    owner = tenants.signUp("SnapshotValidation");
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
    for (String name : List.of("bad", "stale")) {
      HttpResponse<String> registered =
          owner
              .session()
              .post(
                  "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations",
                  "{\"name\":"
                      + Json.quote(name)
                      + ",\"artifact\":\"/opt/x.jar\",\"version\":\"v1\"}");
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }
  }

  static List<Row> table() {
    List<Row> rows = new ArrayList<>();
    AssetSnapshot a = asset("a", List.of(), null);
    List<AssetSnapshot> withNull = new ArrayList<>();
    withNull.add(a);
    withNull.add(null);
    rows.add(new Row(SnapshotRule.NULL_ENTRY, "assets[1]", withNull, List.of(), List.of()));
    rows.add(
        new Row(
            SnapshotRule.TOO_MANY_ASSETS,
            "assets",
            IntStream.rangeClosed(0, SnapshotValidator.MAX_ASSETS)
                .mapToObj(i -> asset("a" + i, List.of(), null))
                .toList(),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.TOO_MANY_CHECKS,
            "checks",
            List.of(a),
            IntStream.rangeClosed(0, SnapshotValidator.MAX_CHECKS)
                .mapToObj(i -> new CheckSnapshot("a", "c" + i, false, ""))
                .toList(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.TOO_MANY_SCHEDULES,
            "schedules",
            List.of(a),
            List.of(),
            IntStream.rangeClosed(0, SnapshotValidator.MAX_SCHEDULES)
                .mapToObj(i -> new ScheduleSnapshot("s" + i, "0 2 * * *", "a", "UTC"))
                .toList()));
    rows.add(
        new Row(
            SnapshotRule.KEY_TOO_LONG,
            "assets[0].key",
            List.of(asset("k".repeat(SnapshotValidator.MAX_KEY + 1), List.of(), null)),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.TEXT_TOO_LONG,
            "assets[0].group",
            List.of(
                new AssetSnapshot(
                    "a",
                    List.of(),
                    "g".repeat(SnapshotValidator.MAX_NAME + 1),
                    "",
                    List.of(),
                    Map.of(),
                    List.of(),
                    null,
                    null,
                    null)),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.DESCRIPTION_TOO_LONG,
            "assets[0].description",
            List.of(
                new AssetSnapshot(
                    "a",
                    List.of(),
                    "g",
                    "d".repeat(SnapshotValidator.MAX_DESCRIPTION + 1),
                    List.of(),
                    Map.of(),
                    List.of(),
                    null,
                    null,
                    null)),
            List.of(),
            List.of()));
    Map<String, String> tags = new HashMap<>();
    for (int i = 0; i <= SnapshotValidator.MAX_LABELS; i++) {
      tags.put("t" + i, "v");
    }
    rows.add(
        new Row(
            SnapshotRule.TOO_MANY_LABELS,
            "assets[0].tags",
            List.of(
                new AssetSnapshot(
                    "a", List.of(), "g", "", List.of(), tags, List.of(), null, null, null)),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.DUPLICATE_ASSET, "assets[1].key", List.of(a, a), List.of(), List.of()));
    rows.add(
        new Row(
            SnapshotRule.DANGLING_DEPENDENCY,
            "assets[0].deps",
            List.of(asset("a", List.of("missing"), null)),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.CYCLE,
            "assets[0].deps",
            List.of(asset("a", List.of("b"), null), asset("b", List.of("a"), null)),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.PARTITIONS_INVALID,
            "assets[0].partitions",
            List.of(
                asset(
                    "a",
                    List.of(),
                    PartitionsSnapshot.timeWindow(
                        PartitionsKind.DAILY, "2024-01-01T05:00", null, "UTC", "daily"))),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.TOO_MANY_PARTITION_KEYS,
            "assets[0].partitions.staticKeys",
            List.of(
                asset(
                    "a",
                    List.of(),
                    PartitionsSnapshot.staticKeys(
                        IntStream.rangeClosed(0, SnapshotValidator.MAX_STATIC_KEYS)
                            .mapToObj(i -> "p" + i)
                            .toList(),
                        "static"))),
            List.of(),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.CHECK_ON_UNKNOWN_ASSET,
            "checks[0].assetKey",
            List.of(a),
            List.of(new CheckSnapshot("nope", "ok", false, "")),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.DUPLICATE_CHECK,
            "checks[1].name",
            List.of(a),
            List.of(
                new CheckSnapshot("a", "ok", false, ""), new CheckSnapshot("a", "ok", true, "")),
            List.of()));
    rows.add(
        new Row(
            SnapshotRule.DUPLICATE_SCHEDULE,
            "schedules[1].name",
            List.of(a),
            List.of(),
            List.of(
                schedule("s", "0 2 * * *", "a", "UTC"), schedule("s", "0 3 * * *", "a", "UTC"))));
    rows.add(scheduleRow(SnapshotRule.CRON_INVALID, "cron", "every tuesday lol", "a", "UTC"));
    rows.add(scheduleRow(SnapshotRule.CRON_INVALID, "cron", "99 99 99 99 99", "a", "UTC"));
    rows.add(
        scheduleRow(SnapshotRule.TIMEZONE_INVALID, "timezone", "0 2 * * *", "a", "Mars/Olympus"));
    rows.add(scheduleRow(SnapshotRule.SELECTION_INVALID, "selection", "0 2 * * *", "a,,b", "UTC"));
    rows.add(
        scheduleRow(
            SnapshotRule.SELECTION_SELECTS_NOTHING, "selection", "0 2 * * *", "nope", "UTC"));
    rows.add(
        scheduleRow(
            SnapshotRule.SELECTION_SELECTS_NOTHING, "selection", "0 2 * * *", "group:none", "UTC"));
    return rows;
  }

  @Test
  void everyRuleOfTheValidatorHasARowInTheTable() {
    Set<SnapshotRule> covered = table().stream().map(Row::rule).collect(Collectors.toSet());

    assertThat(EnumSet.complementOf(EnumSet.copyOf(covered)))
        .as("rules of SnapshotValidator without a row in SnapshotValidationTest.table()")
        .isEmpty();
  }

  @Test
  void eachInvalidSnapshotIsRefusedNamingTheLocationAndTheFieldAndNothingIsStored() {
    SoftAssertions softly = new SoftAssertions();
    for (Row row : table()) {
      HttpResponse<String> response = upload(body(row));

      softly.assertThat(response.statusCode()).as("%s: %s", row, head(response)).isEqualTo(400);
      if (response.statusCode() == 400) {
        softly
            .assertThat(Json.string(response, "error", "field"))
            .as("%s: %s", row, head(response))
            .isEqualTo(row.field());
        softly
            .assertThat(Json.string(response, "error", "message"))
            .as(row.toString())
            .contains("code location bad");
      }
      HttpResponse<String> location =
          owner
              .session()
              .get("/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations/bad");
      var snapshot = Json.parse(location).get("snapshot");
      softly.assertThat(snapshot == null || snapshot.isNull()).as("stored: " + row).isTrue();
      softly.assertThat(storedAssetsOfBad()).as("assets stored: " + row).isZero();
    }
    softly.assertAll();
  }

  @Test
  void noInvalidSnapshotStopsLaunchesFromAnotherLocation() {
    SoftAssertions softly = new SoftAssertions();
    for (Row row : table()) {
      upload(body(row));

      HttpResponse<String> launched =
          owner
              .session()
              .post(
                  RunFixtures.runs(owner, "prod"),
                  "{\"selection\":\"sales/raw_orders\",\"codeLocation\":\"sales\"}");

      softly.assertThat(launched.statusCode()).as("%s: %s", row, launched.body()).isEqualTo(201);
    }
    softly.assertAll();
  }

  /** Entries the shared-api records refuse while the body is read are named by position too. */
  @Test
  void anEntryRefusedWhileReadingIsNamedByItsPosition() {
    String good = "{\"key\":\"a\",\"deps\":[],\"group\":\"g\"}";
    Map<String, String> fieldOf = new LinkedHashMap<>();
    fieldOf.put(
        snapshotJson("[" + good + ",{\"key\":\"bad//key\",\"deps\":[]}]", "[]", "[]"),
        "assets[1].key");
    fieldOf.put(snapshotJson("[{\"key\":\"a\",\"deps\":[\"a\"]}]", "[]", "[]"), "assets[0].deps");
    fieldOf.put(
        snapshotJson(
            "[{\"key\":\"a\",\"deps\":[],\"partitions\":{\"kind\":\"DAILY\",\"start\":"
                + "\"2024-01-01T00:00\",\"timezone\":\"Mars/Olympus\"}}]",
            "[]",
            "[]"),
        "assets[0].partitions");
    fieldOf.put(
        snapshotJson(
            "[" + good + "]",
            "[]",
            "[{\"name\":\"s\",\"cron\":\" \",\"selection\":\"a\",\"timezone\":\"UTC\"}]"),
        "schedules[0].cron");
    fieldOf.put(
        snapshotJson("[" + good + "]", "[{\"assetKey\":\"a\",\"name\":\"\"}]", "[]"),
        "checks[0].name");
    SoftAssertions softly = new SoftAssertions();
    for (Map.Entry<String, String> bad : fieldOf.entrySet()) {
      HttpResponse<String> response = upload(bad.getKey());

      softly.assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      softly
          .assertThat(Json.string(response, "error", "field"))
          .as(response.body())
          .isEqualTo(bad.getValue());
      softly
          .assertThat(Json.string(response, "error", "message"))
          .as(response.body())
          .startsWith("code location bad: ");
    }
    softly.assertAll();
  }

  private static String snapshotJson(String assets, String checks, String schedules) {
    return "{\"name\":\"bad\",\"version\":\"v1\",\"assets\":"
        + assets
        + ",\"checks\":"
        + checks
        + ",\"schedules\":"
        + schedules
        + "}";
  }

  /** Rows stored before the door checked them: written straight into the index as the owner. */
  @Test
  void aBadGraphStoredBeforeTheseChecksDoesNotStopLaunchesFromAnotherLocation() throws Exception {
    Map<String, List<String[]>> stored = new LinkedHashMap<>();
    stored.put("a cycle", List.<String[]>of(row("x/a", "{x/b}", null), row("x/b", "{x/a}", null)));
    stored.put("a dangling dependency", List.<String[]>of(row("x/a", "{x/missing}", null)));
    stored.put("a self-dependency", List.<String[]>of(row("x/a", "{x/a}", null)));
    stored.put(
        "a malformed key", List.<String[]>of(row("x/a", "{}", null), row("x//b", "{}", null)));
    stored.put(
        "unparseable partitions",
        List.<String[]>of(
            row(
                "x/a",
                "{}",
                "{\"kind\":\"DAILY\",\"description\":\"d\",\"start\":\"2024-01-01T05:00\","
                    + "\"timezone\":\"UTC\",\"staticKeys\":[],\"dimensions\":[]}")));
    for (Map.Entry<String, List<String[]>> bad : stored.entrySet()) {
      storeDirectly(bad.getValue());

      HttpResponse<String> elsewhere =
          owner
              .session()
              .post(
                  RunFixtures.runs(owner, "prod"),
                  "{\"selection\":\"sales/raw_orders\",\"codeLocation\":\"sales\"}");
      HttpResponse<String> byGroup =
          owner
              .session()
              .post(
                  RunFixtures.runs(owner, "prod"),
                  "{\"selection\":\"group:sales\",\"partitionKey\":\"2024-01-02\"}");
      HttpResponse<String> inside =
          owner.session().post(RunFixtures.runs(owner, "prod"), "{\"selection\":\"x/a\"}");

      assertThat(elsewhere.statusCode())
          .as("%s: %s", bad.getKey(), elsewhere.body())
          .isEqualTo(201);
      assertThat(byGroup.statusCode()).as("%s: %s", bad.getKey(), byGroup.body()).isEqualTo(201);
      assertThat(inside.statusCode()).as("%s: %s", bad.getKey(), inside.body()).isEqualTo(409);
      for (String read : List.of("/assets", "/asset-graph", "/assets/x/a")) {
        HttpResponse<String> catalog =
            owner.session().get("/api/v1/orgs/" + owner.org() + "/deployments/prod" + read);
        assertThat(catalog.statusCode())
            .as("GET %s with %s: %s", read, bad.getKey(), catalog.body())
            .isEqualTo(200);
      }
      assertThat(Json.string(inside, "error", "message"))
          .as(bad.getKey())
          .contains("code location stale")
          .contains("upload a valid snapshot");
    }
  }

  private static String[] row(String key, String deps, String partitions) {
    return new String[] {key, deps, partitions};
  }

  /**
   * Replaces the index rows of {@code stale} with {@code rows} and gives it a new snapshot hash.
   */
  private static void storeDirectly(List<String[]> rows) throws Exception {
    UUID org = owner.orgId();
    UUID prod = owner.deploymentId("prod");
    try (Connection connection = controlPlane.database().connect()) {
      UUID location;
      try (PreparedStatement find =
          connection.prepareStatement(
              "select id from code_locations where org_id = ? and deployment_id = ? and name ="
                  + " 'stale'")) {
        find.setObject(1, org);
        find.setObject(2, prod);
        try (ResultSet rs = find.executeQuery()) {
          rs.next();
          location = rs.getObject(1, UUID.class);
        }
      }
      try (PreparedStatement delete =
          connection.prepareStatement("delete from assets where code_location_id = ?")) {
        delete.setObject(1, location);
        delete.executeUpdate();
      }
      for (String[] asset : rows) {
        try (PreparedStatement insert =
            connection.prepareStatement(
                "insert into assets (org_id, deployment_id, code_location_id, key, deps,"
                    + " group_name, description, owners, tags, kinds, partitions_kind, partitions)"
                    + " values (?, ?, ?, ?, ?::text[], 'x', '', '{}', '{}', '{}', ?, ?::jsonb)")) {
          insert.setObject(1, org);
          insert.setObject(2, prod);
          insert.setObject(3, location);
          insert.setString(4, asset[0]);
          insert.setString(5, asset[1]);
          insert.setString(6, asset[2] == null ? null : "DAILY");
          insert.setString(7, asset[2]);
          insert.executeUpdate();
        }
      }
      try (PreparedStatement hash =
          connection.prepareStatement(
              "update code_locations set snapshot_hash = ?, asset_count = ? where id = ?")) {
        hash.setString(1, "sha256:" + UUID.randomUUID());
        hash.setInt(2, rows.size());
        hash.setObject(3, location);
        hash.executeUpdate();
      }
    }
  }

  private static long storedAssetsOfBad() {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement count =
            connection.prepareStatement(
                "select count(*) from assets a join code_locations c on c.id ="
                    + " a.code_location_id where c.org_id = ? and c.name = 'bad'")) {
      count.setObject(1, owner.orgId());
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> upload(String body) {
    ApiClient agent = RunFixtures.agent(controlPlane, agentToken);
    return agent.send("PUT", AgentProtocol.snapshotPath("bad") + "?deployment=prod", body);
  }

  private static String body(Row row) {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("name", "bad");
    snapshot.put("version", "v1");
    snapshot.put("assets", row.assets());
    snapshot.put("checks", row.checks());
    snapshot.put("schedules", row.schedules());
    try {
      return controlPlane.context().getBean(JsonMapper.class).writeValueAsString(snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String head(HttpResponse<String> response) {
    String body = response.body();
    return body.length() > 500 ? body.substring(0, 500) + "..." : body;
  }

  private static Row scheduleRow(
      SnapshotRule rule, String field, String cron, String selection, String timezone) {
    return new Row(
        rule,
        "schedules[0]." + field,
        List.of(asset("a", List.of(), null)),
        List.of(),
        List.of(schedule("s", cron, selection, timezone)));
  }

  private static ScheduleSnapshot schedule(
      String name, String cron, String selection, String timezone) {
    return new ScheduleSnapshot(name, cron, selection, timezone);
  }

  private static AssetSnapshot asset(String key, List<String> deps, PartitionsSnapshot partitions) {
    return new AssetSnapshot(
        key, deps, "g", "", List.of(), Map.of(), List.of(), null, partitions, null);
  }
}
