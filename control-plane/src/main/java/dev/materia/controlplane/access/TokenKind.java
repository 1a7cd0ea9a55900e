package dev.materia.controlplane.access;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/** What a secret token is for; its prefix says so, so scanners and people can tell at a glance. */
@Serdeable
public enum TokenKind {
  /** A user's API token for CI and scripts: acts as that user in one organization. */
  USER("mtu_"),
  /** An agent's token: the agent protocol only, for the deployments it names. */
  AGENT("mta_"),
  /** A run's token: the agent protocol only, for one run, short-lived. */
  RUN("mtr_"),
  /** An invitation to join an organization, sent by email; used once. */
  INVITATION("mti_");

  private final String prefix;

  TokenKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TokenKind fromStored(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
