package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Where an agent's copy of a code location stands: {@code LOADING → LOADED | FAILED}.
 *
 * <p>Example: {@code new CodeLocationStatus("prod", "sales", "v3", CodeLocationState.FAILED, null,
 * error)}.
 */
@Serdeable
public enum CodeLocationState {
  LOADING,
  LOADED,
  FAILED
}
