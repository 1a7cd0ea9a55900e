package dev.materia.api;

import java.time.Instant;

/** Door checks shared by the event records, so every event rejects bad input the same way. */
final class EventFields {
  private EventFields() {}

  static void checkCommon(String runId, long seq, Instant timestamp) {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank: " + runId);
    }
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1 but was " + seq);
    }
    if (timestamp == null) {
      throw new IllegalArgumentException("timestamp == null");
    }
  }

  static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank: " + value);
    }
    return value;
  }
}
