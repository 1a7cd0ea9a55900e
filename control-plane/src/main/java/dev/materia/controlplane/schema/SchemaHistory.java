package dev.materia.controlplane.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code flyway_schema_history} says next to the migrations on the classpath.
 *
 * @param pending versions on the classpath that have not been applied successfully
 * @param current every migration on the classpath is applied, with the checksum of the script as it
 *     is now, nothing failed and nothing else is recorded: migrating would do nothing and Flyway's
 *     validation would pass, so the start can skip Flyway
 */
record SchemaHistory(Set<String> pending, boolean current) {
  /**
   * Reads the history table over {@code connection}; a database without one has everything pending.
   */
  static SchemaHistory read(Connection connection, Map<String, Integer> scripts)
      throws SQLException {
    Map<String, Integer> applied = new HashMap<>();
    boolean failed = false;
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(10);
      try (ResultSet exists =
          statement.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
        exists.next();
        if (!exists.getBoolean(1)) {
          return new SchemaHistory(new TreeSet<>(scripts.keySet()), false);
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "select version, checksum, success from flyway_schema_history"
                  + " where version is not null")) {
        while (rows.next()) {
          if (rows.getBoolean("success")) {
            applied.put(rows.getString("version"), (Integer) rows.getObject("checksum"));
          } else {
            failed = true;
          }
        }
      }
    }
    Set<String> pending = new TreeSet<>(scripts.keySet());
    pending.removeAll(applied.keySet());
    return new SchemaHistory(pending, !failed && applied.equals(scripts));
  }
}
