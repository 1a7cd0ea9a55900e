package dev.materia.controlplane.codelocations;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Where a registered code location stands: {@code PENDING} until an agent reports on the registered
 * version, then the agent's {@code LOADING → LOADED | FAILED}.
 */
@Serdeable
public enum LoadStatus {
  PENDING,
  LOADING,
  LOADED,
  FAILED
}
