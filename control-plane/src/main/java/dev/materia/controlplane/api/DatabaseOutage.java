package dev.materia.controlplane.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The database could not be reached (down, restarting, or no connection within the pool's timeout):
 * the request did nothing and may be retried, so the caller gets 503 {@code database_unavailable}
 * rather than a 500.
 */
public final class DatabaseOutage {
  public static final String CODE = "database_unavailable";

  private DatabaseOutage() {}

  /** Whether {@code error} says the database could not be reached, not that it refused the work. */
  public static boolean causes(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exceptions; 57P01-03: the server shut down, crashed or is starting.
        if (state.startsWith("08") || state.startsWith("57P0")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** The refusal a request gets while the database cannot be reached. */
  public static ApiException refusal() {
    return ApiException.unavailable(
        CODE, "the database cannot be reached; nothing was changed, try again shortly");
  }
}
