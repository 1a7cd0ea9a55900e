package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Where a run is in its life: {@code QUEUED → STARTING → STARTED → SUCCESS | FAILURE | CANCELED}.
 *
 * <p>Example: {@code if (status.isTerminal()) stopWatching();}
 */
@Serdeable
public enum RunStatus {
  QUEUED,
  STARTING,
  STARTED,
  SUCCESS,
  FAILURE,
  CANCELED;

  /** True for the three states a run never leaves. */
  public boolean isTerminal() {
    return this == SUCCESS || this == FAILURE || this == CANCELED;
  }
}
