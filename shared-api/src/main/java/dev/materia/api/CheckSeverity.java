package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * How bad a failed asset check is: {@code WARN} informs, {@code ERROR} alerts.
 *
 * <p>Example: {@code new CheckEvaluated(..., false, CheckSeverity.ERROR, true, ...)}.
 */
@Serdeable
public enum CheckSeverity {
  WARN,
  ERROR
}
