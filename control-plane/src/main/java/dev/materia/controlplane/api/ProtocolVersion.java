package dev.materia.controlplane.api;

import dev.materia.api.agent.AgentProtocol;
import io.micronaut.core.annotation.Nullable;

/**
 * The door check of {@code Materia-Protocol} on agent protocol routes: major version 1 passes
 * ({@code 1} or {@code 1.x}); anything else, or no header, is a 400 that says what this server
 * speaks.
 */
public final class ProtocolVersion {
  private ProtocolVersion() {}

  public static void require(@Nullable String header) {
    if (header == null || header.isBlank()) {
      throw ApiException.invalid(
          AgentProtocol.HEADER,
          "the header "
              + AgentProtocol.HEADER
              + " is required on the agent protocol; this server speaks "
              + AgentProtocol.VERSION);
    }
    String major = header.trim();
    int dot = major.indexOf('.');
    if (dot >= 0) {
      major = major.substring(0, dot);
    }
    if (!AgentProtocol.VERSION.equals(major)) {
      throw ApiException.invalid(
          AgentProtocol.HEADER,
          "protocol version '"
              + header
              + "' is not spoken here: this control plane speaks major version "
              + AgentProtocol.VERSION
              + "; upgrade or downgrade the agent to one that does");
    }
  }
}
