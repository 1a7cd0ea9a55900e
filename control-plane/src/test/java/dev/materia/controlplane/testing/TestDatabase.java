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

  /** A connection as the administrator, who owns the tables and bypasses row-level security. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /**
   * A connection as the application role {@code materia_app}, which row-level security binds: what
   * the control plane itself uses.
   */
  public Connection connectAsApplication() throws SQLException {
    return DriverManager.getConnection(
        applicationJdbcUrl(), PostgresServer.APPLICATION_ROLE, PostgresServer.APPLICATION_PASSWORD);
  }

  /** {@link #jdbcUrl} without credentials in it, which would override the application role's. */
  public String applicationJdbcUrl() {
    return jdbcUrl.replaceAll("([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", "");
  }

  /**
   * The control plane's database configuration for this database: it connects as the application
   * role and migrates as the administrator, as in production.
   */
  public Map<String, Object> datasourceProperties() {
    return Map.of(
        "datasources.default.url",
        applicationJdbcUrl(),
        "datasources.default.username",
        PostgresServer.APPLICATION_ROLE,
        "datasources.default.password",
        PostgresServer.APPLICATION_PASSWORD,
        "flyway.datasources.default.url",
        jdbcUrl,
        "flyway.datasources.default.user",
        user == null ? "" : user,
        "flyway.datasources.default.password",
        password == null ? "" : password);
  }

  @Override
  public void close() {
    server.dropDatabase(name);
  }
}
