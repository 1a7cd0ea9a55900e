package dev.materia.agent.spool;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One event as the spool holds it: its seq and its JSON exactly as it will be sent.
 *
 * @param seq the event's seq within its run
 * @param json the event's JSON, with its {@code "type"} property
 */
public record SpooledEvent(long seq, byte[] json) {
  public SpooledEvent {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1 but was " + seq);
    }
    Objects.requireNonNull(json, "json == null");
  }

  @Override
  public String toString() {
    return "SpooledEvent[seq=" + seq + ", json=" + new String(json, StandardCharsets.UTF_8) + "]";
  }
}
