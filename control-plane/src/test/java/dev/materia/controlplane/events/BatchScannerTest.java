package dev.materia.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.LogLine;
import dev.materia.api.StepStarted;
import dev.materia.api.agent.EventBatch;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchScannerTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private final BatchScanner scanner = new BatchScanner(JSON);

  private static final String RUN = "\"runId\":\"r-1\"";
  private static final String AT = "\"timestamp\":\"2026-11-21T13:00:00.123456789Z\"";

  private static String batch(String... events) {
    return "{\"runId\":\"r-1\",\"events\":[" + String.join(",", events) + "]}";
  }

  private static EventBatch serde(String body) throws Exception {
    return JSON.readValue(body, Argument.of(EventBatch.class));
  }

  @Test
  void theAgentsEventsAreBuiltAsTheSerdeMapperBuildsThemAndKeepTheirText() throws Exception {
    String log =
        "{\"type\":\"log_line\","
            + RUN
            + ",\"seq\":1,"
            + AT
            + ",\"stepKey\":null,\"level\":\"WARN\",\"message\":\"tab\\there \\\"q\\\" \\u00e9\"}";
    String step =
        "{\"type\":\"step_started\","
            + RUN
            + ",\"seq\":2,"
            + AT
            + ",\"stepKey\":\"a/b\",\"assetKey\":\"a/b\",\"partitionKey\":\"2026-01-01\","
            + "\"attempt\":2}";
    String done =
        "{\"type\":\"step_succeeded\","
            + RUN
            + ",\"seq\":3,"
            + AT
            + ",\"stepKey\":\"a/b\",\"attempt\":2,\"durationMillis\":1500}";
    String materialized =
        "{\"type\":\"asset_materialized\","
            + RUN
            + ",\"seq\":4,"
            + AT
            + ",\"stepKey\":\"a/b\",\"assetKey\":\"a/b\",\"partitionKey\":null,"
            + "\"dataVersion\":\"v1\",\"codeVersion\":null,\"inputDataVersions\":{\"up\":\"v0\"},"
            + "\"metadata\":{\"rows\":3,\"big\":12345678901,\"ok\":true,\"path\":\"/x\"}}";
    String started =
        "{\"type\":\"run_started\","
            + RUN
            + ",\"seq\":5,"
            + AT
            + ",\"selection\":\"a/b\",\"partitionKey\":null,\"stepKeys\":[\"a/b\"]}";
    String body = batch(log, step, done, materialized, started);

    BatchScanner.Scanned scanned = scanner.scan(body, 10);

    assertThat(scanned).isNotNull();
    assertThat(scanned.batch()).isEqualTo(serde(body));
    assertThat(scanned.texts()).containsExactly(log, step, done, materialized, started);
    assertThat(scanner.texts(body)).containsExactly(log, step, done, materialized, started);
  }

  @Test
  void propertiesInAnyOrderAndLeftOutNullablesReadAsTheSerdeMapperReadsThem() throws Exception {
    String body =
        batch(
            "{\"seq\":1,\"level\":\"INFO\"," + AT + "," + RUN + ",\"type\":\"log_line\"}",
            "{"
                + RUN
                + ",\"type\":\"asset_materialized\",\"seq\":2,"
                + AT
                + ",\"stepKey\":\"a\",\"assetKey\":\"a\",\"dataVersion\":\"v\"}");

    BatchScanner.Scanned scanned = scanner.scan(body, 10);

    assertThat(scanned).isNotNull();
    assertThat(scanned.batch()).isEqualTo(serde(body));
    assertThat(scanned.batch().events().get(0)).isInstanceOf(LogLine.class);
    assertThat(((LogLine) scanned.batch().events().get(0)).message()).isEmpty();
    assertThat(((AssetMaterialized) scanned.batch().events().get(1)).metadata()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // a rule of the records or of the batch broken: the general way names the field
        "{\"type\":\"log_line\",\"runId\":\"r-1\",\"seq\":0,\"timestamp\":\"2026-11-21T13:00:00Z\",\"level\":\"INFO\"}",
        "{\"type\":\"log_line\",\"runId\":\"r-2\",\"seq\":1,\"timestamp\":\"2026-11-21T13:00:00Z\",\"level\":\"INFO\"}",
        "{\"type\":\"log_line\",\"runId\":\"r-1\",\"seq\":1,\"timestamp\":\"2026-11-21T13:00:00Z\",\"level\":\"LOUD\"}",
        "{\"type\":\"log_line\",\"runId\":\"r-1\",\"seq\":1,\"timestamp\":\"2026-02-30T13:00:00Z\",\"level\":\"INFO\"}",
        "{\"type\":\"step_started\",\"runId\":\"r-1\",\"seq\":1,\"timestamp\":\"2026-11-21T13:00:00Z\",\"stepKey\":\"a\",\"attempt\":1}",
        "{\"type\":\"step_started\",\"runId\":\"r-1\",\"seq\":1,\"timestamp\":\"2026-11-21T13:00:00Z\",\"stepKey\":\"a\",\"assetKey\":\"a\",\"attempt\":0}",
        "{\"type\":\"nope\",\"runId\":\"r-1\",\"seq\":1,\"timestamp\":\"2026-11-21T13:00:00Z\"}",
        "[1, 2]",
      })
  void whatTheGeneralWayRefusesIsLeftToIt(String event) {
    assertThat(scanner.scan(batch(event), 10)).isNull();
  }

  @Test
  void anEmptyBatchAnUnknownTopLevelPropertyOrTooManyEventsAreLeftToTheGeneralWay() {
    String log =
        "{\"type\":\"log_line\",\"runId\":\"r-1\",\"seq\":1,\"timestamp\":\"2026-11-21T13:00:00Z\","
            + "\"level\":\"INFO\"}";
    assertThat(scanner.scan(batch(), 10)).isNull();
    assertThat(scanner.scan("{\"runId\":\"r-1\",\"extra\":1,\"events\":[" + log + "]}", 10))
        .isNull();
    assertThat(scanner.scan(batch(log, log.replace("\"seq\":1", "\"seq\":2")), 1)).isNull();
    assertThat(scanner.scan("{\"runId\":\"r-1\",\"events\":[" + log + "]} trailing", 10)).isNull();
  }

  @Test
  void unusualButValidEventsGoThroughTheSerdeMapperAndStillKeepTheirText() throws Exception {
    String nested =
        "{\"type\":\"asset_materialized\",\"runId\":\"r-1\",\"seq\":1,"
            + "\"timestamp\":\"2026-11-21T13:00:00+01:00\",\"stepKey\":\"a\",\"assetKey\":\"a\","
            + "\"dataVersion\":\"v\",\"metadata\":{\"schema\":{\"cols\":[\"a\",\"b\"]},\"x\":1.5}}";
    String quoted =
        "{\"type\":\"log_line\",\"runId\":\"r-1\",\"seq\":\"2\","
            + "\"timestamp\":\"2026-11-21T13:00:00Z\",\"level\":\"INFO\"}";
    String body = batch(nested, quoted);

    BatchScanner.Scanned scanned = scanner.scan(body, 10);

    assertThat(scanned).isNotNull();
    assertThat(scanned.batch()).isEqualTo(serde(body));
    assertThat(scanned.texts()).containsExactly(nested, quoted);
  }

  @Test
  void theStrictTimestampFormMatchesInstantParse() {
    for (String text :
        List.of(
            "2026-11-21T13:00:00Z",
            "2026-11-21T13:00:00.1Z",
            "2026-11-21T13:00:00.123456789Z",
            "0001-01-01T00:00:00Z",
            "2024-02-29T23:59:59.999Z")) {
      assertThat(BatchScanner.instant(text)).as(text).isEqualTo(Instant.parse(text));
    }
    assertThat(BatchScanner.instant("2026-11-21T24:00:00Z")).isNull();
    assertThat(BatchScanner.instant("2026-11-21T13:00:00.Z")).isNull();
    assertThat(BatchScanner.instant("2026-11-21T13:00:00.1234567890Z")).isNull();
    assertThat(BatchScanner.instant("2026-11-21 13:00:00Z")).isNull();
  }

  @Test
  void aStepStartedIsAStepStarted() {
    String body =
        batch(
            "{\"type\":\"step_started\",\"runId\":\"r-1\",\"seq\":7,"
                + "\"timestamp\":\"2026-11-21T13:00:00Z\",\"stepKey\":\"s\",\"assetKey\":\"a\","
                + "\"attempt\":1}");
    BatchScanner.Scanned scanned = scanner.scan(body, 10);
    assertThat(scanned).isNotNull();
    assertThat(scanned.batch().events().getFirst())
        .isEqualTo(
            new StepStarted("r-1", 7, Instant.parse("2026-11-21T13:00:00Z"), "s", "a", null, 1));
  }
}
