package dev.materia.agent.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The agent's one JSON setup for protocol records: ISO-8601 timestamps, unknown fields ignored. */
public final class WireJson {
  private WireJson() {}

  /**
   * A new mapper. Unknown properties are ignored so a newer control plane may add fields within
   * protocol v1 without breaking older agents.
   */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
