package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The asset graph written from a cached structure and per-request statuses. */
class GraphDocumentTest {
  private static final JsonMapper JSON = ObjectMapper.getDefault();
  private static final Instant T0 = Instant.parse("2024-02-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2024-02-01T10:05:00.123456789Z");
  private static final String ODD = "odd/\"quoted\" \\ é\n\u0001";

  private static final GraphDocument.Structure STRUCTURE =
      GraphDocument.structure(
          JSON,
          List.of(
              new GraphDocument.NodeHead("a/raw", "g", "loc", List.of(), false),
              new GraphDocument.NodeHead("b/clean", "g", "loc", List.of("duckdb", "sql"), true),
              new GraphDocument.NodeHead("c/never", "g2", "loc", List.of("x"), false),
              new GraphDocument.NodeHead(ODD, "ü", "loc\t2", List.of("\"k\""), false)),
          Arrays.asList(null, null, "v1", "v2"),
          List.of(List.of(), List.of("a/raw", "gone/elsewhere"), List.of("b/clean"), List.of()));

  private static final Staleness.Assessment FINE =
      new Staleness.Assessment(Staleness.UP_TO_DATE, List.of());
  private static final Staleness.Assessment NEVER =
      new Staleness.Assessment(Staleness.MISSING, List.of());

  @Test
  void theDocumentIsTheJsonOfTheAssetGraphRecordWithStatusStalenessAndCauses() throws IOException {
    UUID finished = UUID.randomUUID();
    UUID running = UUID.randomUUID();
    Asset.LatestRun done = new Asset.LatestRun(finished, "FAILURE", T0, T1);
    Asset.LatestRun inFlight = new Asset.LatestRun(running, "STARTED", T1, null);
    Staleness.Assessment stale =
        new Staleness.Assessment(
            Staleness.STALE,
            List.of("code version 2 ≠ 1", "upstream " + ODD + " has a newer data version"));

    GraphDocument.Response response =
        GraphDocument.write(
            JSON,
            STRUCTURE,
            new Instant[] {T1, T0, null, T0},
            new AssetStatus[] {
              AssetStatus.UP_TO_DATE, AssetStatus.STALE, AssetStatus.MISSING, AssetStatus.RUNNING
            },
            new Staleness.Assessment[] {FINE, stale, NEVER, stale},
            new Asset.LatestRun[] {done, null, null, inFlight});

    AssetGraph expected =
        new AssetGraph(
            List.of(
                new AssetGraph.Node(
                    "a/raw",
                    "g",
                    "loc",
                    List.of(),
                    false,
                    T1,
                    AssetStatus.UP_TO_DATE,
                    Staleness.UP_TO_DATE,
                    List.of(),
                    done),
                new AssetGraph.Node(
                    "b/clean",
                    "g",
                    "loc",
                    List.of("duckdb", "sql"),
                    true,
                    T0,
                    AssetStatus.STALE,
                    Staleness.STALE,
                    stale.causes(),
                    null),
                new AssetGraph.Node(
                    "c/never",
                    "g2",
                    "loc",
                    List.of("x"),
                    false,
                    null,
                    AssetStatus.MISSING,
                    Staleness.MISSING,
                    List.of(),
                    null),
                new AssetGraph.Node(
                    ODD,
                    "ü",
                    "loc\t2",
                    List.of("\"k\""),
                    false,
                    T0,
                    AssetStatus.RUNNING,
                    Staleness.STALE,
                    stale.causes(),
                    inFlight)),
            List.of(
                new AssetGraph.Edge("a/raw", "b/clean"),
                new AssetGraph.Edge("gone/elsewhere", "b/clean"),
                new AssetGraph.Edge("b/clean", "c/never")));
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(JSON.writeValueAsString(expected));
  }

  private static GraphDocument.Response write(
      GraphDocument.Structure structure,
      Instant[] at,
      AssetStatus[] status,
      Staleness.Assessment[] staleness,
      Asset.LatestRun[] runs) {
    return GraphDocument.write(JSON, structure, at, status, staleness, runs);
  }

  @Test
  void theEtagChangesWithAnyStatusOrTheStructureAndOnlyThen() {
    Instant[] none = new Instant[4];
    AssetStatus[] missing = new AssetStatus[4];
    Arrays.fill(missing, AssetStatus.MISSING);
    Staleness.Assessment[] never = {NEVER, NEVER, NEVER, NEVER};
    Asset.LatestRun[] noRuns = new Asset.LatestRun[4];
    String etag = write(STRUCTURE, none, missing, never, noRuns).etag();

    assertThat(write(STRUCTURE, none, missing, never, noRuns).etag()).isEqualTo(etag);
    assertThat(write(STRUCTURE, new Instant[] {T0, null, null, null}, missing, never, noRuns))
        .extracting(GraphDocument.Response::etag)
        .isNotEqualTo(etag);
    AssetStatus[] running = missing.clone();
    running[1] = AssetStatus.RUNNING;
    assertThat(write(STRUCTURE, none, running, never, noRuns).etag()).isNotEqualTo(etag);
    Staleness.Assessment[] stale = never.clone();
    stale[2] = new Staleness.Assessment(Staleness.STALE, List.of("code version 2 ≠ 1"));
    assertThat(write(STRUCTURE, none, missing, stale, noRuns).etag()).isNotEqualTo(etag);
    Staleness.Assessment[] otherCause = never.clone();
    otherCause[2] = new Staleness.Assessment(Staleness.STALE, List.of("code version 3 ≠ 1"));
    assertThat(write(STRUCTURE, none, missing, otherCause, noRuns).etag())
        .isNotEqualTo(write(STRUCTURE, none, missing, stale, noRuns).etag());
    Asset.LatestRun[] queued = {
      null, null, new Asset.LatestRun(UUID.randomUUID(), "QUEUED", T0, null), null
    };
    assertThat(write(STRUCTURE, none, missing, never, queued).etag()).isNotEqualTo(etag);
    GraphDocument.Structure regrouped =
        GraphDocument.structure(
            JSON,
            List.of(
                new GraphDocument.NodeHead("a/raw", "other", "loc", List.of(), false),
                new GraphDocument.NodeHead("b/clean", "g", "loc", List.of("duckdb", "sql"), true),
                new GraphDocument.NodeHead("c/never", "g2", "loc", List.of("x"), false),
                new GraphDocument.NodeHead(ODD, "ü", "loc\t2", List.of("\"k\""), false)),
            Arrays.asList(null, null, "v1", "v2"),
            List.of(List.of(), List.of("a/raw", "gone/elsewhere"), List.of("b/clean"), List.of()));
    assertThat(write(regrouped, none, missing, never, noRuns).etag()).isNotEqualTo(etag);
    assertThat(etag).startsWith("\"").endsWith("\"");
  }

  @Test
  void ifNoneMatchNamesTheEtagAloneAmongOthersWeaklyOrByStar() {
    String etag = "\"abc\"";

    assertThat(GraphDocument.matches(etag, etag)).isTrue();
    assertThat(GraphDocument.matches("\"x\", W/\"abc\"", etag)).isTrue();
    assertThat(GraphDocument.matches("*", etag)).isTrue();
    assertThat(GraphDocument.matches("\"abcd\"", etag)).isFalse();
    assertThat(GraphDocument.matches("abc", etag)).isFalse();
    assertThat(GraphDocument.matches(null, etag)).isFalse();
  }
}
