package dev.materia.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Level of a {@link LogLine} written through {@code context.log()}.
 *
 * <p>Example: {@code new LogLine(runId, seq, now, "sales/raw_orders", LogLevel.INFO, "read 3
 * rows")}.
 */
@Serdeable
public enum LogLevel {
  INFO,
  WARN,
  ERROR
}
