package dev.materia.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RunEventJsonTest {
  private static final Instant AT = Instant.parse("2024-03-10T12:34:56.789Z");

  private static final ObjectMapper JACKSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private static io.micronaut.serde.ObjectMapper.CloseableObjectMapper micronaut;

  @BeforeAll
  static void startMicronautSerde() {
    micronaut = io.micronaut.serde.ObjectMapper.create(Map.of(), new String[0]);
  }

  @AfterAll
  static void stopMicronautSerde() throws Exception {
    micronaut.close();
  }

  static List<RunEvent> oneOfEach() {
    var error = new ErrorInfo("java.lang.IllegalStateException", "boom", "trace\n\tat x");
    return List.of(
        new RunStarted("r-1", 1, AT, "raw_orders+", null, List.of("raw_orders", "cleaned_orders")),
        new StepStarted("r-1", 2, AT, "raw_orders", "raw_orders", "2024-01-01", 1),
        new LogLine("r-1", 3, AT, "raw_orders", LogLevel.WARN, "3 rows"),
        new StepUpForRetry("r-1", 4, AT, "raw_orders", 1, 250, error),
        new AssetMaterialized(
            "r-1",
            5,
            AT,
            "cleaned_orders",
            "cleaned_orders",
            null,
            "dv-1",
            "v2",
            Map.of("raw_orders", "dv-0"),
            Map.of("row_count", 3, "duration_ms", 4, "mean", 87.875, "ok", true, "note", "x")),
        new CheckEvaluated(
            "r-1",
            6,
            AT,
            "customer_features:no_nulls",
            "customer_features",
            "no_nulls",
            "2024-01-01",
            false,
            CheckSeverity.ERROR,
            true,
            "2 nulls",
            Map.of("null_count", 2)),
        new StepSucceeded("r-1", 7, AT, "raw_orders", 2, 12),
        new StepFailed("r-1", 8, AT, "cleaned_orders", 3, error),
        new StepSkipped("r-1", 9, AT, "orders_by_region", "upstream step cleaned_orders failed"),
        new RunFinished("r-1", 10, AT, RunStatus.FAILURE, 100, "1 step failed"));
  }

  @Test
  void coversEveryEventType() {
    assertThat(oneOfEach().stream().map(Object::getClass).distinct())
        .containsExactlyInAnyOrder(RunEvent.class.getPermittedSubclasses());
  }

  @ParameterizedTest
  @MethodSource("oneOfEach")
  void roundTripsThroughPlainJacksonWithTypeDiscriminator(RunEvent event) throws Exception {
    String json = JACKSON.writeValueAsString(event);

    assertThat(JACKSON.readTree(json).get("type").asText()).isEqualTo(typeName(event));
    assertThat(JACKSON.readValue(json, RunEvent.class)).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("oneOfEach")
  void micronautSerdeReadsWhatJacksonWrites(RunEvent event) throws Exception {
    String json = JACKSON.writeValueAsString(event);

    assertThat(micronaut.readValue(json, RunEvent.class)).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("oneOfEach")
  void jacksonReadsWhatMicronautSerdeWrites(RunEvent event) throws Exception {
    String json = micronaut.writeValueAsString(event);

    assertThat(JACKSON.readTree(json).get("type").asText()).isEqualTo(typeName(event));
    assertThat(JACKSON.readValue(json, RunEvent.class)).isEqualTo(event);
  }

  @Test
  void writesTimestampsAsIsoText() throws Exception {
    var json = JACKSON.writeValueAsString(oneOfEach().getFirst());

    assertThat(json).contains("\"timestamp\":\"2024-03-10T12:34:56.789Z\"");
  }

  @Test
  void rejectsSeqBelowOne() {
    assertThatThrownBy(() -> new StepSkipped("r-1", 0, AT, "a", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq must be >= 1 but was 0");
  }

  @Test
  void rejectsNonTerminalFinishStatus() {
    assertThatThrownBy(() -> new RunFinished("r-1", 2, AT, RunStatus.STARTED, 0, null))
        .hasMessageContaining("STARTED");
  }

  @Test
  void capturesStackTraceWithCause() {
    var info = ErrorInfo.of(new IllegalStateException("outer", new RuntimeException("inner")));

    assertThat(info.className()).isEqualTo("java.lang.IllegalStateException");
    assertThat(info.stackTrace()).contains("Caused by: java.lang.RuntimeException: inner");
  }

  private static String typeName(RunEvent event) throws Exception {
    return (String) event.getClass().getField("TYPE").get(null);
  }
}
