package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.StepFailed;
import dev.materia.api.StepSkipped;
import dev.materia.api.StepStarted;
import dev.materia.api.StepSucceeded;
import dev.materia.api.StepUpForRetry;
import dev.materia.api.agent.EventBatch;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.StrictValueException;
import dev.materia.controlplane.api.UnsafeText;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@link EventBatch} body so that bad input is refused whole with a 400 naming the field,
 * such as {@code events[3].assetKey}: unknown event types and missing fields are found before any
 * record is built.
 */
@Singleton
final class EventBatchReader {
  private static final List<String> COMMON = List.of("runId", "seq", "timestamp");
  private static final Map<String, List<String>> REQUIRED =
      Map.ofEntries(
          Map.entry(RunStarted.TYPE, List.of()),
          Map.entry(RunFinished.TYPE, List.of("status")),
          Map.entry(StepStarted.TYPE, List.of("stepKey", "assetKey", "attempt")),
          Map.entry(StepSucceeded.TYPE, List.of("stepKey")),
          Map.entry(StepFailed.TYPE, List.of("stepKey", "error")),
          Map.entry(StepUpForRetry.TYPE, List.of("stepKey", "error")),
          Map.entry(StepSkipped.TYPE, List.of("stepKey")),
          Map.entry(AssetMaterialized.TYPE, List.of("stepKey", "assetKey", "dataVersion")),
          Map.entry(CheckEvaluated.TYPE, List.of("stepKey", "assetKey", "checkName", "severity")),
          Map.entry(LogLine.TYPE, List.of("level")));

  /** Events per batch at most; the agent's shipper batches well below this. */
  static final int MAX_EVENTS = 10_000;

  private static final Argument<EventBatch> BATCH = Argument.of(EventBatch.class);

  private final JsonMapper json;
  private final BatchScanner scanner;

  EventBatchReader(JsonMapper json) {
    this.json = json;
    this.scanner = new BatchScanner(json);
  }

  /**
   * A batch as read: its events, and each event's JSON text as received, which the event log stores
   * instead of writing each record out again.
   */
  record Read(EventBatch batch, List<String> texts) {}

  /**
   * The batch in {@code body}. A batch in the agent's plain shape is scanned in one streaming pass
   * ({@link BatchScanner}); anything else is decoded by the serde mapper, and only bad input is
   * parsed again into a tree to name the field at fault. JSON that is malformed or breaks the
   * stream limits is rethrown for the framework's JSON errors.
   */
  Read read(String body) throws JsonSyntaxException {
    Read read = decoded(body);
    EventFieldLimits.check(read.batch().events());
    // One indexOf pass over the body; only events that hold an unsafe escape are written again.
    return UnsafeText.repairJson(body).replaced() == 0 ? read : repaired(read);
  }

  /**
   * The batch with each event that held a NUL or an unpaired surrogate read again from its text
   * with those repaired (U+FFFD), noted ({@link RepairNote}), and written out again: PostgreSQL
   * refuses them in {@code text} and {@code jsonb}, and a user's log text must not stop a run.
   */
  private Read repaired(Read read) {
    List<RunEvent> events = new ArrayList<>(read.batch().events());
    List<String> texts = new ArrayList<>(read.texts());
    for (int i = 0; i < texts.size(); i++) {
      UnsafeText.Repaired text = UnsafeText.repairJson(texts.get(i));
      if (text.replaced() == 0) {
        continue;
      }
      try {
        RunEvent event =
            RepairNote.noted(
                json.readValue(text.json(), Argument.of(RunEvent.class)), text.replaced());
        events.set(i, event);
        texts.set(
            i,
            new String(
                json.writeValueAsBytes(Argument.of(RunEvent.class), event),
                StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        String at = "events[" + i + "]";
        throw ApiException.invalid(at, at + " does not fit once repaired: " + first(e));
      }
    }
    try {
      return new Read(new EventBatch(read.batch().runId(), events), texts);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("events", e.getMessage());
    }
  }

  private Read decoded(String body) throws JsonSyntaxException {
    BatchScanner.Scanned scanned = scanner.scan(body, MAX_EVENTS);
    if (scanned != null) {
      return new Read(scanned.batch(), scanned.texts());
    }
    try {
      EventBatch batch = json.readValue(body, BATCH);
      if (batch != null && batch.events().size() <= MAX_EVENTS) {
        return new Read(batch, scanner.texts(body));
      }
    } catch (IOException | RuntimeException e) {
      // fall through to find the field to name
    }
    JsonNode root;
    try {
      root = json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new JsonSyntaxException(e);
    }
    return new Read(decode(root), scanner.texts(body));
  }

  private EventBatch decode(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw ApiException.invalid("runId", "the body must be an object {runId, events}");
    }
    String runId = text(root, "runId", "runId");
    JsonNode events = root.get("events");
    if (events == null || !events.isArray() || events.size() == 0) {
      throw ApiException.invalid("events", "events is required: a non-empty array of events");
    }
    if (events.size() > MAX_EVENTS) {
      throw ApiException.invalid(
          "events", "at most " + MAX_EVENTS + " events per batch, not " + events.size());
    }
    List<RunEvent> parsed = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      String at = "events[" + i + "]";
      JsonNode event = events.get(i);
      if (event == null || !event.isObject()) {
        throw ApiException.invalid(at, at + " must be an object");
      }
      String type = text(event, "type", at + ".type");
      List<String> required = REQUIRED.get(type);
      if (required == null) {
        throw ApiException.invalid(
            at + ".type",
            at
                + ".type '"
                + type
                + "' is not an event type: use one of "
                + REQUIRED.keySet().stream().sorted().toList());
      }
      for (String field : COMMON) {
        present(event, field, at);
      }
      for (String field : required) {
        present(event, field, at);
      }
      try {
        parsed.add(json.readValueFromTree(event, Argument.of(RunEvent.class)));
      } catch (IOException | RuntimeException e) {
        StrictValueException strict = find(e, StrictValueException.class);
        if (strict != null) {
          String field = at + "." + strict.field();
          throw ApiException.invalid(field, field + " " + strict.problem());
        }
        throw ApiException.invalid(at, at + " (" + type + ") does not fit: " + first(e));
      }
    }
    try {
      // Every event decoded alone, so the whole batch broke a rule of EventBatch itself.
      return new EventBatch(runId, parsed);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("events", e.getMessage());
    }
  }

  private static void present(JsonNode event, String field, String at) {
    JsonNode value = event.get(field);
    if (value == null || value.isNull() || (value.isString() && value.getStringValue().isBlank())) {
      throw ApiException.invalid(at + "." + field, at + "." + field + " is required");
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString() || value.getStringValue().isBlank()) {
      throw ApiException.invalid(path, path + " is required and must be a string");
    }
    return value.getStringValue();
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable at = e; at != null; at = at.getCause() == at ? null : at.getCause()) {
      if (type.isInstance(at)) {
        return type.cast(at);
      }
    }
    return null;
  }

  private static String first(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? e.toString() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
