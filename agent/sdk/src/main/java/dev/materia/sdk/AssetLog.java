package dev.materia.sdk;

/**
 * Writes log lines from inside an asset or check; each line becomes a {@code log_line} event of the
 * run, visible live in the console.
 *
 * <pre>{@code
 * context.log().info("read " + rows.size() + " rows");
 * context.log().warn("2 rows without a customer, dropped");
 * }</pre>
 */
public interface AssetLog {
  /** Logs at INFO. */
  void info(String message);

  /** Logs at WARN. */
  void warn(String message);

  /** Logs at ERROR. */
  void error(String message);
}
