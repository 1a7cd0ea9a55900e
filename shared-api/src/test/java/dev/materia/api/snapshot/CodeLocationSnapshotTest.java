package dev.materia.api.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CodeLocationSnapshotTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static io.micronaut.serde.ObjectMapper.CloseableObjectMapper micronaut;

  @BeforeAll
  static void startMicronautSerde() {
    micronaut = io.micronaut.serde.ObjectMapper.create(Map.of(), new String[0]);
  }

  @AfterAll
  static void stopMicronautSerde() throws Exception {
    micronaut.close();
  }

  static CodeLocationSnapshot seed() {
    var daily =
        PartitionsSnapshot.timeWindow(
            PartitionsKind.DAILY,
            "2024-01-01T00:00",
            "2025-01-01T00:00",
            "Europe/Berlin",
            "daily partitions from 2024-01-01 to 2025-01-01 (exclusive) in Europe/Berlin");
    var regions =
        PartitionsSnapshot.staticKeys(List.of("us", "eu", "apac"), "static [us, eu, apac]");
    var multi =
        PartitionsSnapshot.multi(
            "daily_by_region",
            new PartitionDimensionSnapshot("date", daily),
            new PartitionDimensionSnapshot("region", regions),
            "multi partitions \"daily_by_region\"");
    return CodeLocationSnapshot.of(
        "sales",
        "v3",
        List.of(
            new AssetSnapshot(
                "sales/raw_orders",
                List.of(),
                "sales",
                "Orders as exported",
                List.of("team:data", "ada@example.com"),
                Map.of("tier", "bronze", "pii", "false"),
                List.of("duckdb"),
                "v1",
                daily,
                "warehouse"),
            new AssetSnapshot(
                "cleaned_orders",
                List.of("sales/raw_orders"),
                null,
                null,
                null,
                null,
                null,
                null,
                regions,
                null),
            new AssetSnapshot(
                "regional_sales",
                List.of("cleaned_orders", "sales/raw_orders"),
                "sales",
                "",
                List.of(),
                Map.of(),
                List.of(),
                null,
                multi,
                null),
            new AssetSnapshot(
                "customers",
                List.of(),
                "crm",
                "",
                List.of(),
                Map.of(),
                List.of(),
                null,
                PartitionsSnapshot.dynamic("customers", "dynamic partitions \"customers\""),
                null),
            new AssetSnapshot(
                "hourly_clicks",
                List.of(),
                "web",
                "",
                List.of(),
                Map.of(),
                List.of(),
                null,
                PartitionsSnapshot.timeWindow(
                    PartitionsKind.HOURLY, "2024-01-01T00:00", null, "UTC", "hourly"),
                null)),
        List.of(
            new CheckSnapshot("cleaned_orders", "no_nulls", true, "ids are set"),
            new CheckSnapshot("cleaned_orders", "fresh", false, null)),
        List.of(new ScheduleSnapshot("nightly_sales", "0 2 * * *", "group:sales", "UTC")));
  }

  @Test
  void roundTripsBetweenJacksonAndMicronautSerde() throws Exception {
    var snapshot = seed();

    String byJackson = JACKSON.writeValueAsString(snapshot);
    String byMicronaut = micronaut.writeValueAsString(snapshot);

    assertThat(JACKSON.readValue(byJackson, CodeLocationSnapshot.class)).isEqualTo(snapshot);
    assertThat(micronaut.readValue(byJackson, CodeLocationSnapshot.class)).isEqualTo(snapshot);
    assertThat(JACKSON.readValue(byMicronaut, CodeLocationSnapshot.class)).isEqualTo(snapshot);
    assertThat(JACKSON.readTree(byJackson).get("contentHash").asText())
        .isEqualTo(snapshot.contentHash());
  }

  @Test
  void hashIsIndependentOfDeclarationOrder() {
    var snapshot = seed();
    var assets = new ArrayList<>(snapshot.assets());
    Collections.reverse(assets);
    var reversedDeps =
        assets.stream()
            .map(
                a ->
                    new AssetSnapshot(
                        a.key(),
                        a.deps().reversed(),
                        a.group(),
                        a.description(),
                        a.owners().reversed(),
                        a.tags(),
                        a.kinds(),
                        a.codeVersion(),
                        a.partitions(),
                        a.ioManager()))
            .toList();

    var reordered =
        CodeLocationSnapshot.of(
            "sales", "v3", reversedDeps, snapshot.checks().reversed(), snapshot.schedules());

    assertThat(reordered).isEqualTo(snapshot);
    assertThat(reordered.contentHash()).isEqualTo(snapshot.contentHash());
  }

  @Test
  void hashIgnoresVersionButFollowsEveryDefinitionChange() {
    var snapshot = seed();
    var newVersion =
        CodeLocationSnapshot.of(
            "sales", "v4", snapshot.assets(), snapshot.checks(), snapshot.schedules());
    var nonBlocking =
        CodeLocationSnapshot.of(
            "sales",
            "v3",
            snapshot.assets(),
            List.of(
                new CheckSnapshot("cleaned_orders", "no_nulls", false, "ids are set"),
                snapshot.checks().get(0)),
            snapshot.schedules());

    assertThat(newVersion.contentHash()).isEqualTo(snapshot.contentHash());
    assertThat(nonBlocking.contentHash()).isNotEqualTo(snapshot.contentHash());
  }

  @Test
  void hashKeepsItsEncodingAcrossReleases() {
    // Pins the encoding: the control plane compares stored hashes with new uploads, so a change
    // here must come with a new ENCODING tag.
    var tiny =
        CodeLocationSnapshot.of(
            "x",
            null,
            List.of(
                new AssetSnapshot("a", List.of(), null, null, null, null, null, null, null, null)),
            List.of(),
            List.of());

    assertThat(tiny.contentHash())
        .isEqualTo("sha256:3cba4e0249d9f76537ae524c478a1c9bb93148211b6bcca77c14ac7aebe729ec");
  }

  @Test
  void rejectsContentHashThatDoesNotMatchContent() throws Exception {
    var json = JACKSON.writeValueAsString(seed()).replace("sha256:", "sha256:00");

    assertThatThrownBy(() -> JACKSON.readValue(json, CodeLocationSnapshot.class))
        .hasRootCauseMessage(
            "contentHash sha256:00"
                + seed().contentHash().substring(7)
                + " of code location sales does not match its content, which hashes to "
                + seed().contentHash());
  }

  @Test
  void rejectsDependencyOnUnknownAsset() {
    var orphan =
        new AssetSnapshot("b", List.of("missing"), null, null, null, null, null, null, null, null);

    assertThatThrownBy(() -> CodeLocationSnapshot.of("x", null, List.of(orphan), null, null))
        .hasMessageContaining("asset b of code location x depends on unknown missing");
  }

  @Test
  void acceptsADependencyMarkedExternalAndKeepsItOutOfTheHash() throws Exception {
    var local =
        new AssetSnapshot("b/x", List.of("a/y"), null, null, null, null, null, null, null, null);
    var external =
        new AssetSnapshot(
            "b/x", List.of("a/y"), null, null, null, null, null, null, null, null, List.of("a/y"));

    var snapshot = CodeLocationSnapshot.of("beta", null, List.of(external), null, null);

    assertThat(snapshot.assets().getFirst().externalDeps()).containsExactly("a/y");
    assertThat(snapshot.assets().getFirst().localDeps()).isEmpty();
    String json = JACKSON.writeValueAsString(snapshot);
    assertThat(micronaut.readValue(json, CodeLocationSnapshot.class)).isEqualTo(snapshot);
    assertThat(
            JACKSON.readValue(micronaut.writeValueAsString(snapshot), CodeLocationSnapshot.class))
        .isEqualTo(snapshot);
    // The marker follows from deps and the snapshot's keys, so it does not change the hash.
    assertThat(snapshot.contentHash())
        .isEqualTo(SnapshotDigest.of(List.of(local), List.of(), List.of()));
  }

  @Test
  void readsAnAssetWithoutExternalDepsFromAnOlderAgentAsAllLocal() throws Exception {
    String json =
        "{\"name\":\"x\",\"assets\":[{\"key\":\"a\",\"deps\":[]},{\"key\":\"b\","
            + "\"deps\":[\"a\"]}],\"checks\":[],\"schedules\":[]}";

    var byJackson = JACKSON.readValue(json, CodeLocationSnapshot.class);

    assertThat(byJackson.assets().get(1).externalDeps()).isEmpty();
    assertThat(micronaut.readValue(json, CodeLocationSnapshot.class)).isEqualTo(byJackson);
  }

  @Test
  void rejectsAnExternalMarkOnAKeyOfItsOwnLocation() {
    var a = new AssetSnapshot("a", List.of(), null, null, null, null, null, null, null, null);
    var b =
        new AssetSnapshot(
            "b", List.of("a"), null, null, null, null, null, null, null, null, List.of("a"));

    assertThatThrownBy(() -> CodeLocationSnapshot.of("x", null, List.of(a, b), null, null))
        .hasMessageContaining("marks a as external, but this code location defines it");
  }

  @Test
  void rejectsCheckOnUnknownAsset() {
    assertThatThrownBy(
            () ->
                CodeLocationSnapshot.of(
                    "x", null, List.of(), List.of(new CheckSnapshot("a", "c", false, "")), null))
        .hasMessageContaining("check a:c of code location x names an unknown asset");
  }

  @Test
  void rejectsMultiPartitionsWithOneDimension() {
    assertThatThrownBy(
            () ->
                new PartitionsSnapshot(
                    PartitionsKind.MULTI,
                    "",
                    null,
                    null,
                    null,
                    List.of(),
                    "m",
                    List.of(
                        new PartitionDimensionSnapshot(
                            "d", PartitionsSnapshot.dynamic("customers", "")))))
        .hasMessageContaining("MULTI partitions m need 2 dimensions but have 1");
  }

  @Test
  void rejectsTimeWindowWithoutParsableStart() {
    assertThatThrownBy(
            () ->
                PartitionsSnapshot.timeWindow(PartitionsKind.DAILY, "2024-01-01", null, "UTC", ""))
        .hasMessageContaining("DAILY start \"2024-01-01\" is not an ISO local date-time");
  }

  @Test
  void carriesTenThousandAssetsAndThirtyThousandEdgesThroughBothSerializers() throws Exception {
    var random = new Random(42);
    List<AssetSnapshot> assets = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      List<String> deps = new ArrayList<>();
      for (int d = 0; i > 0 && d < 3; d++) {
        deps.add("layer/asset_" + random.nextInt(i));
      }
      assets.add(
          new AssetSnapshot(
              "layer/asset_" + i,
              deps,
              "group_" + (i % 50),
              "asset number " + i,
              List.of("team:" + (i % 7)),
              Map.of("tier", "t" + (i % 3)),
              List.of("duckdb"),
              "v1",
              null,
              null));
    }
    Collections.shuffle(assets, random);

    var snapshot = CodeLocationSnapshot.of("big", "v1", assets, List.of(), List.of());
    String json = JACKSON.writeValueAsString(snapshot);
    var read = micronaut.readValue(json, CodeLocationSnapshot.class);

    assertThat(snapshot.assets()).hasSize(10_000);
    assertThat(snapshot.edgeCount()).isBetween(29_000, 30_000);
    assertThat(read.contentHash()).isEqualTo(snapshot.contentHash());
    assertThat(read).isEqualTo(snapshot);
  }
}
