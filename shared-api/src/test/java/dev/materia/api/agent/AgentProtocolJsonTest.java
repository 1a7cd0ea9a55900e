package dev.materia.api.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.materia.api.ErrorInfo;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import dev.materia.api.StepStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgentProtocolJsonTest {
  private static final Instant AT = Instant.parse("2024-03-10T12:34:56.789Z");
  private static final String RUN_TOKEN = "mtr_4f9Zk2qWb7xY1cV8nM3pL6sD0aE5rT2u1A2B3C";

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

  static List<WorkItem> oneOfEachWorkItem() {
    return List.of(
        new LoadCodeLocation("w-1", "prod", "sales", "v3", "/opt/locations/sales.jar"),
        new LaunchRun(
            "w-2",
            "r-1",
            "prod",
            "sales",
            "v3",
            "*sales_summary",
            "2024-01-01",
            null,
            Map.of("trigger", "ci"),
            RUN_TOKEN),
        new LaunchRun(
            "w-3",
            "r-2",
            "prod",
            "sales",
            null,
            "group:sales",
            null,
            new PartitionRange("2024-01-01", "2024-01-31"),
            Map.of(),
            RUN_TOKEN),
        new TerminateRun("w-4", "r-1", "canceled by ada@example.com"),
        new EvaluateSensor("w-5", "prod", "sales", "new_files", null));
  }

  static List<Object> oneOfEachMessage() {
    var error = new ErrorInfo("dev.materia.runtime.graph.DefinitionsException", "Cycle", "trace");
    List<RunEvent> events =
        List.of(
            new RunStarted("r-1", 7, AT, "*sales_summary", null, List.of("raw_orders")),
            new StepStarted("r-1", 8, AT, "raw_orders", "raw_orders", null, 1),
            new LogLine("r-1", 9, AT, null, LogLevel.INFO, "stdout at file:/var/materia/r-1"));
    return List.of(
        new WorkResponse(oneOfEachWorkItem(), 0, 10_000),
        new WorkResponse(List.of(), 500, 10_000),
        new AgentHeartbeat(
            "agent-7f3c",
            "0.1.0",
            List.of(
                new CodeLocationStatus(
                    "prod", "sales", "v3", CodeLocationState.LOADED, "sha256:ab", null),
                new CodeLocationStatus(
                    "prod", "broken", "v1", CodeLocationState.FAILED, null, error)),
            List.of(new RunInHand("r-1", "w-2", RunStatus.STARTED, 41)),
            true,
            List.of("w-9")),
        new EventBatch("r-1", events),
        new EventBatchAck("r-1", 4, List.of(new SeqRange(5, 6), new SeqRange(9, 9))),
        new SnapshotAck("sha256:ab", false));
  }

  @Test
  void coversEveryWorkItemType() {
    assertThat(oneOfEachWorkItem().stream().map(Object::getClass).distinct())
        .containsExactlyInAnyOrder(WorkItem.class.getPermittedSubclasses());
  }

  @ParameterizedTest
  @MethodSource("oneOfEachWorkItem")
  void workItemsRoundTripBetweenJacksonAndMicronautSerde(WorkItem item) throws Exception {
    String byJackson = JACKSON.writeValueAsString(item);
    String byMicronaut = micronaut.writeValueAsString(item);

    assertThat(JACKSON.readTree(byJackson).get("type").asText()).isEqualTo(typeName(item));
    assertThat(JACKSON.readTree(byMicronaut).get("type").asText()).isEqualTo(typeName(item));
    assertThat(JACKSON.readValue(byJackson, WorkItem.class)).isEqualTo(item);
    assertThat(micronaut.readValue(byJackson, WorkItem.class)).isEqualTo(item);
    assertThat(JACKSON.readValue(byMicronaut, WorkItem.class)).isEqualTo(item);
  }

  @ParameterizedTest
  @MethodSource("oneOfEachMessage")
  void messagesRoundTripBetweenJacksonAndMicronautSerde(Object message) throws Exception {
    Class<?> type = message.getClass();
    String byJackson = JACKSON.writeValueAsString(message);
    String byMicronaut = micronaut.writeValueAsString(message);

    assertThat(JACKSON.readValue(byJackson, type)).isEqualTo(message);
    assertThat(micronaut.readValue(byJackson, type)).isEqualTo(message);
    assertThat(JACKSON.readValue(byMicronaut, type)).isEqualTo(message);
  }

  @Test
  void eventBatchNamesEachEventType() throws Exception {
    var batch = (EventBatch) oneOfEachMessage().get(3);

    var json = JACKSON.readTree(micronaut.writeValueAsString(batch));

    assertThat(json.get("events").get(0).get("type").asText()).isEqualTo(RunStarted.TYPE);
    assertThat(json.get("events").get(2).get("type").asText()).isEqualTo(LogLine.TYPE);
  }

  @Test
  void readsWorkResponseWrittenByHand() throws Exception {
    String json =
        """
        {"items":[{"type":"terminate_run","id":"w-9","runId":"r-1","reason":"by ada"}],
         "pollIntervalMillis":0,"heartbeatIntervalMillis":10000}
        """;

    var response = JACKSON.readValue(json, WorkResponse.class);

    assertThat(response.items()).containsExactly(new TerminateRun("w-9", "r-1", "by ada"));
    assertThat(micronaut.readValue(json, WorkResponse.class)).isEqualTo(response);
  }

  @Test
  void launchRunCarriesStagesAcrossCodeLocationsAndOldLaunchesReadWithout() throws Exception {
    var staged =
        new LaunchRun(
            "w-3",
            "r-2",
            "dev",
            "beta",
            null,
            "*b/x",
            null,
            null,
            Map.of(),
            RUN_TOKEN,
            List.of(
                new RunStage("alpha", null, List.of("a/y")),
                new RunStage("beta", "v2", List.of("b/x"))));

    String json = JACKSON.writeValueAsString(new WorkResponse(List.of(staged), 25, 30));
    var byMicronaut = micronaut.readValue(json, WorkResponse.class);
    assertThat(byMicronaut.items()).containsExactly(staged);
    assertThat(JACKSON.readValue(micronaut.writeValueAsString(byMicronaut), WorkResponse.class))
        .isEqualTo(byMicronaut);
    assertThat(staged.stages().getFirst().selection()).isEqualTo("a/y");

    var single = (LaunchRun) oneOfEachWorkItem().get(1);
    String old = JACKSON.writeValueAsString(single).replace(",\"stages\":[]", "");
    assertThat(old).doesNotContain("stages");
    assertThat(JACKSON.readValue(old, WorkItem.class)).isEqualTo(single);
    assertThat(((LaunchRun) micronaut.readValue(old, WorkItem.class)).stages()).isEmpty();
  }

  @Test
  void launchRunHidesItsTokenFromToString() {
    var launch = (LaunchRun) oneOfEachWorkItem().get(1);

    assertThat(launch.toString()).doesNotContain(RUN_TOKEN).contains("r-1", "*sales_summary");
  }

  @Test
  void launchRunRejectsAgentTokenInPlaceOfRunToken() {
    assertThatThrownBy(
            () ->
                new LaunchRun(
                    "w", "r-1", "prod", "sales", null, "*", null, null, null, "mta_secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with mtr_")
        .hasMessageNotContaining("mta_secret");
  }

  @Test
  void launchRunRejectsPartitionKeyTogetherWithRange() {
    assertThatThrownBy(
            () ->
                new LaunchRun(
                    "w",
                    "r-1",
                    "prod",
                    "sales",
                    null,
                    "*",
                    "2024-01-01",
                    new PartitionRange("2024-01-01", "2024-01-02"),
                    null,
                    RUN_TOKEN))
        .hasMessageContaining("both partitionKey 2024-01-01 and partitionRange");
  }

  @Test
  void eventBatchRejectsDescendingSeq() {
    var later = new LogLine("r-1", 5, AT, null, LogLevel.INFO, "b");
    var earlier = new LogLine("r-1", 4, AT, null, LogLevel.INFO, "a");

    assertThatThrownBy(() -> new EventBatch("r-1", List.of(later, earlier)))
        .hasMessageContaining("event seq 4 follows seq 5");
  }

  @Test
  void eventBatchRejectsEventOfAnotherRun() {
    var other = new LogLine("r-2", 1, AT, null, LogLevel.INFO, "a");

    assertThatThrownBy(() -> new EventBatch("r-1", List.of(other)))
        .hasMessageContaining("belongs to run r-2, not r-1");
  }

  @Test
  void eventBatchRejectsEmptyBatch() {
    assertThatThrownBy(() -> new EventBatch("r-1", List.of())).hasMessageContaining("empty");
  }

  @Test
  void ackRejectsGapBelowContiguousSeq() {
    assertThatThrownBy(() -> new EventBatchAck("r-1", 4, List.of(new SeqRange(3, 6))))
        .hasMessageContaining("gap 3..6 overlaps");
  }

  @Test
  void codeLocationStatusCarriesErrorExactlyWhenFailed() {
    assertThatThrownBy(
            () ->
                new CodeLocationStatus("prod", "sales", "v1", CodeLocationState.FAILED, null, null))
        .hasMessageContaining("error must be set exactly when FAILED");
  }

  @Test
  void buildsRoutesFromTemplates() {
    assertThat(AgentProtocol.eventsPath("r-1")).isEqualTo("/api/agent/v1/runs/r-1/events");
    assertThat(AgentProtocol.snapshotPath("sales"))
        .isEqualTo("/api/agent/v1/code-locations/sales/snapshot");
    assertThat(AgentProtocol.HEADER + ": " + AgentProtocol.VERSION)
        .isEqualTo("Materia-Protocol: 1");
  }

  private static String typeName(WorkItem item) throws Exception {
    return (String) item.getClass().getField("TYPE").get(null);
  }
}
