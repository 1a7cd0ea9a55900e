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

  @Test
  void theDocumentIsTheJsonOfTheAssetGraphRecordWithStalenessFromUpstream() throws IOException {
    UUID finished = UUID.randomUUID();
    UUID running = UUID.randomUUID();
    Asset.LatestRun done = new Asset.LatestRun(finished, "FAILURE", T0, T1);
    Asset.LatestRun inFlight = new Asset.LatestRun(running, "STARTED", T1, null);

    GraphDocument.Response response =
        GraphDocument.write(
            STRUCTURE,
            new Instant[] {T1, T0, null, T0},
            new String[] {null, null, null, "v1"},
            new Asset.LatestRun[] {done, null, null, inFlight});

    AssetGraph expected =
        new AssetGraph(
            List.of(
                new AssetGraph.Node(
                    "a/raw", "g", "loc", List.of(), false, T1, Staleness.UP_TO_DATE, done),
                new AssetGraph.Node(
                    "b/clean",
                    "g",
                    "loc",
                    List.of("duckdb", "sql"),
                    true,
                    T0,
                    Staleness.STALE,
                    null),
                new AssetGraph.Node(
                    "c/never", "g2", "loc", List.of("x"), false, null, Staleness.MISSING, null),
                new AssetGraph.Node(
                    ODD, "ü", "loc\t2", List.of("\"k\""), false, T0, Staleness.STALE, inFlight)),
            List.of(
                new AssetGraph.Edge("a/raw", "b/clean"),
                new AssetGraph.Edge("gone/elsewhere", "b/clean"),
                new AssetGraph.Edge("b/clean", "c/never")));
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(JSON.writeValueAsString(expected));
  }

  @Test
  void theEtagChangesWithAnyStatusOrTheStructureAndOnlyThen() {
    Instant[] none = new Instant[4];
    String[] noCode = new String[4];
    Asset.LatestRun[] noRuns = new Asset.LatestRun[4];
    String etag = GraphDocument.write(STRUCTURE, none, noCode, noRuns).etag();

    assertThat(GraphDocument.write(STRUCTURE, none, noCode, noRuns).etag()).isEqualTo(etag);
    assertThat(GraphDocument.write(STRUCTURE, new Instant[] {T0, null, null, null}, noCode, noRuns))
        .extracting(GraphDocument.Response::etag)
        .isNotEqualTo(etag);
    Asset.LatestRun[] queued = {
      null, null, new Asset.LatestRun(UUID.randomUUID(), "QUEUED", T0, null), null
    };
    assertThat(GraphDocument.write(STRUCTURE, none, noCode, queued).etag()).isNotEqualTo(etag);
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
    assertThat(GraphDocument.write(regrouped, none, noCode, noRuns).etag()).isNotEqualTo(etag);
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
