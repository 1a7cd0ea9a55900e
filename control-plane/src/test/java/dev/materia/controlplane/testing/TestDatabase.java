package dev.materia.controlplane.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * One fresh database on the shared {@link PostgresServer}; closing it drops it.
 *
 * @param name the database name, unique per test class
 * @param jdbcUrl where to connect
 */
public record TestDatabase(
    PostgresServer server, String name, String jdbcUrl, String user, String password)
    implements AutoCloseable {

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** The control plane's datasource configuration pointing at this database. */
  public Map<String, Object> datasourceProperties() {
    return Map.of(
        "datasources.default.url", jdbcUrl,
        "datasources.default.username", user == null ? "" : user,
        "datasources.default.password", password == null ? "" : password);
  }

  @Override
  public void close() {
    server.dropDatabase(name);
  }
}
