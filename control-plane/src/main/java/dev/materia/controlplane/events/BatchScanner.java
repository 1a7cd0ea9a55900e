package dev.materia.controlplane.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.materia.api.AssetMaterialized;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunEvent;
import dev.materia.api.StepStarted;
import dev.materia.api.StepSucceeded;
import dev.materia.api.agent.EventBatch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast path of {@link EventBatchReader}: one pass of a streaming parser over a batch in the
 * shape the agent sends. The common events (log lines, step starts and successes, materializations)
 * are built right from their tokens; any other event is decoded by the serde mapper from its own
 * slice of the body. Anything unusual (an unknown property, a number as text, a timestamp the
 * strict form does not cover, a rule of the records broken) makes it answer null, and the caller
 * decodes the body the general way, which names the field at fault. It never accepts what the
 * general way refuses.
 */
final class BatchScanner {
  private static final Argument<RunEvent> RUN_EVENT = Argument.of(RunEvent.class);

  private final JsonFactory factory;
  private final JsonMapper json;

  /** Build after {@code JsonLimits.apply()}: the factory takes Jackson's defaults as they are. */
  BatchScanner(JsonMapper json) {
    this.factory = new JsonFactory();
    this.json = json;
  }

  /** A batch scanned: its events, and each event's JSON text as received. */
  record Scanned(EventBatch batch, List<String> texts) {}

  /** The batch in {@code body}, or null when it should be decoded the general way. */
  @Nullable
  Scanned scan(String body, int maxEvents) {
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String runId = null;
      List<RunEvent> events = null;
      int[] starts = new int[64];
      int[] ends = new int[64];
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("runId") && runId == null && value == JsonToken.VALUE_STRING) {
          runId = p.getText();
        } else if (name.equals("events") && events == null && value == JsonToken.START_ARRAY) {
          events = new ArrayList<>();
          while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            if (events.size() == maxEvents) {
              return null;
            }
            int start = (int) p.currentTokenLocation().getCharOffset();
            RunEvent event = event(p, body, start);
            int n = events.size();
            if (n == starts.length) {
              starts = java.util.Arrays.copyOf(starts, n * 2);
              ends = java.util.Arrays.copyOf(ends, n * 2);
            }
            starts[n] = start;
            ends[n] = (int) p.currentLocation().getCharOffset();
            events.add(event);
          }
          if (t != JsonToken.END_ARRAY) {
            return null;
          }
        } else {
          return null;
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null || runId == null || events == null) {
        return null;
      }
      return new Scanned(new EventBatch(runId, events), texts(body, starts, ends, events.size()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The JSON text of each element of the top-level {@code events} array of {@code body}, a body
   * that decoded the general way.
   */
  List<String> texts(String body) {
    try (JsonParser p = factory.createParser(body)) {
      int[] starts = new int[64];
      int[] ends = new int[64];
      int n = 0;
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean events = p.currentName().equals("events");
        JsonToken value = p.nextToken();
        if (!events || value != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (n == starts.length) {
            starts = java.util.Arrays.copyOf(starts, n * 2);
            ends = java.util.Arrays.copyOf(ends, n * 2);
          }
          starts[n] = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          ends[n++] = (int) p.currentLocation().getCharOffset();
        }
      }
      return texts(body, starts, ends, n);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> texts(String body, int[] starts, int[] ends, int n) {
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      texts[i] = body.substring(starts[i], ends[i]);
    }
    return java.util.Arrays.asList(texts);
  }

  /**
   * The properties of each event type built here. Primitive ones (seq, attempt, durationMillis)
   * must be there; a nullable one may be left out.
   */
  private static final Map<String, Set<String>> PLAIN =
      Map.of(
          LogLine.TYPE,
          Set.of("type", "runId", "seq", "timestamp", "stepKey", "level", "message"),
          StepStarted.TYPE,
          Set.of(
              "type",
              "runId",
              "seq",
              "timestamp",
              "stepKey",
              "assetKey",
              "partitionKey",
              "attempt"),
          StepSucceeded.TYPE,
          Set.of("type", "runId", "seq", "timestamp", "stepKey", "attempt", "durationMillis"),
          AssetMaterialized.TYPE,
          Set.of(
              "type",
              "runId",
              "seq",
              "timestamp",
              "stepKey",
              "assetKey",
              "partitionKey",
              "dataVersion",
              "codeVersion",
              "inputDataVersions",
              "metadata"));

  /** A JSON null among an event's properties. */
  private static final Object NULL = new Object();

  /**
   * The event whose START_OBJECT is the current token, leaving the parser on its END_OBJECT. The
   * types of {@link #PLAIN} are built from their properties when all are the type's, with scalar
   * values (flat objects of strings, integers and booleans for the maps); any other event goes
   * through the serde mapper from its slice of the body.
   */
  private RunEvent event(JsonParser p, String body, int start) throws IOException {
    Map<String, Object> fields = new HashMap<>(16);
    boolean plain = true;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      Object value = value(p, p.nextToken());
      if (value == null || fields.put(name, value) != null) {
        plain = false;
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("not an event object");
    }
    RunEvent event = plain ? build(fields) : null;
    if (event != null) {
      return event;
    }
    int end = (int) p.currentLocation().getCharOffset();
    return json.readValue(body.substring(start, end), RUN_EVENT);
  }

  /**
   * The value of the current token {@code t}: a String, Long, Boolean, {@link #NULL}, or a map for
   * a flat object of strings, integers and booleans; null (after skipping it) for anything else.
   */
  private static @Nullable Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT ->
          p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : p.getLongValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> NULL;
      case START_OBJECT -> {
        Map<String, Object> map = new HashMap<>();
        boolean flat = true;
        JsonToken inner;
        while ((inner = p.nextToken()) == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonToken v = p.nextToken();
          Object item =
              switch (v) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> {
                  if (p.getNumberType() == JsonParser.NumberType.INT) {
                    yield p.getIntValue();
                  }
                  yield p.getNumberType() == JsonParser.NumberType.LONG ? p.getLongValue() : null;
                }
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> {
                  p.skipChildren();
                  yield null;
                }
              };
          if (item == null || map.put(key, item) != null) {
            flat = false;
          }
        }
        yield flat && inner == JsonToken.END_OBJECT ? map : null;
      }
      default -> {
        p.skipChildren();
        yield null;
      }
    };
  }

  /** The event {@code fields} describe when they are exactly a plain type's; else null. */
  private static @Nullable RunEvent build(Map<String, Object> fields) {
    if (!(fields.get("type") instanceof String type)
        || !PLAIN.containsKey(type)
        || !PLAIN.get(type).containsAll(fields.keySet())
        || !(fields.get("runId") instanceof String runId)
        || !(fields.get("seq") instanceof Long seq)) {
      return null;
    }
    Instant at = fields.get("timestamp") instanceof String text ? instant(text) : null;
    if (at == null) {
      return null;
    }
    return switch (type) {
      case LogLine.TYPE -> {
        LogLevel level = fields.get("level") instanceof String l ? level(l) : null;
        Object step = fields.get("stepKey");
        Object message = fields.get("message");
        yield level != null && nullableText(step) && nullableText(message)
            ? new LogLine(runId, seq, at, text(step), level, text(message))
            : null;
      }
      case StepStarted.TYPE ->
          fields.get("stepKey") instanceof String step
                  && fields.get("assetKey") instanceof String asset
                  && nullableText(fields.get("partitionKey"))
                  && fields.get("attempt") instanceof Long attempt
                  && attempt == attempt.intValue()
              ? new StepStarted(
                  runId, seq, at, step, asset, text(fields.get("partitionKey")), attempt.intValue())
              : null;
      case StepSucceeded.TYPE ->
          fields.get("stepKey") instanceof String step
                  && fields.get("attempt") instanceof Long attempt
                  && attempt == attempt.intValue()
                  && fields.get("durationMillis") instanceof Long duration
              ? new StepSucceeded(runId, seq, at, step, attempt.intValue(), duration)
              : null;
      case AssetMaterialized.TYPE -> {
        if (fields.get("stepKey") instanceof String step
            && fields.get("assetKey") instanceof String asset
            && nullableText(fields.get("partitionKey"))
            && fields.get("dataVersion") instanceof String dataVersion
            && nullableText(fields.get("codeVersion"))
            && map(fields.get("inputDataVersions")) instanceof Map<?, ?> inputs
            && inputs.values().stream().allMatch(String.class::isInstance)
            && map(fields.get("metadata")) instanceof Map<?, ?> metadata) {
          @SuppressWarnings("unchecked")
          Map<String, String> inputVersions = (Map<String, String>) inputs;
          @SuppressWarnings("unchecked")
          Map<String, Object> values = (Map<String, Object>) metadata;
          yield new AssetMaterialized(
              runId,
              seq,
              at,
              step,
              asset,
              text(fields.get("partitionKey")),
              dataVersion,
              text(fields.get("codeVersion")),
              inputVersions,
              values);
        }
        yield null;
      }
      default -> null;
    };
  }

  // A nullable property may be left out, as the serde mapper reads it: null.
  private static boolean nullableText(@Nullable Object value) {
    return value == null || value == NULL || value instanceof String;
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null || value == NULL ? null : (String) value;
  }

  /** A map property: absent or null is empty, as the records make it; null when not a map. */
  private static @Nullable Object map(@Nullable Object value) {
    return value == null || value == NULL ? Map.of() : value instanceof Map<?, ?> ? value : null;
  }

  private static @Nullable LogLevel level(@Nullable String level) {
    if (level == null) {
      return null;
    }
    return switch (level) {
      case "INFO" -> LogLevel.INFO;
      case "WARN" -> LogLevel.WARN;
      case "ERROR" -> LogLevel.ERROR;
      default -> null;
    };
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (what {@link Instant#toString()} writes, years
   * 0000-9999) read without a formatter; null for anything else, which the serde mapper then reads.
   */
  static @Nullable Instant instant(@Nullable String s) {
    if (s == null) {
      return null;
    }
    int n = s.length();
    if (n >= 20
        && s.charAt(4) == '-'
        && s.charAt(7) == '-'
        && s.charAt(10) == 'T'
        && s.charAt(13) == ':'
        && s.charAt(16) == ':'
        && s.charAt(n - 1) == 'Z') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      int hour = digits(s, 11, 13);
      int minute = digits(s, 14, 16);
      int second = digits(s, 17, 19);
      int nanos = 0;
      boolean ok = year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0;
      if (ok && n > 20) {
        int fraction = n - 21; // between '.' and 'Z'
        ok = s.charAt(19) == '.' && fraction >= 1 && fraction <= 9;
        if (ok) {
          nanos = digits(s, 20, n - 1);
          ok = nanos >= 0;
          for (int i = fraction; ok && i < 9; i++) {
            nanos *= 10;
          }
        }
      } else if (ok) {
        ok = n == 20;
      }
      if (ok && hour <= 23 && minute <= 59 && second <= 59) {
        try {
          long days = LocalDate.of(year, month, day).toEpochDay();
          return Instant.ofEpochSecond(
              days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The non-negative number written in s[from, to), or -1 when a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
