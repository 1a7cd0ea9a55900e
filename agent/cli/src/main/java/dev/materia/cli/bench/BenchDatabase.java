package dev.materia.cli.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A throw-away embedded PostgreSQL for one bench run, with the database {@code materia} and the
 * application role the control plane connects as (row-level security binds it).
 */
final class BenchDatabase implements AutoCloseable {
  static final String DATABASE = "materia";
  static final String APPLICATION_ROLE = "materia_app";
  static final String APPLICATION_PASSWORD = "materia_app";

  private final EmbeddedPostgres postgres;

  private BenchDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static BenchDatabase start(Path dataDirectory) throws IOException, SQLException {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            // Enough for 1,000 held polls plus the bench's own connections.
            .setServerConfig("max_connections", "300")
            // zonky's -F and synchronous_commit=off stay for a throw-away server; event batches
            // still commit synchronously (the control plane asks for it), without the fsync.
            // zonky gives up after 10 s; a busy machine can take longer (it returns as soon as it
            // answers).
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "create role " + APPLICATION_ROLE + " login password '" + APPLICATION_PASSWORD + "'");
      s.execute("create database " + DATABASE);
    }
    return new BenchDatabase(postgres);
  }

  /** The URL the control plane uses, without credentials. */
  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  /** A connection as the administrator, who owns the tables and bypasses row-level security. */
  Connection connectAsAdmin() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  /** e.g. {@code PostgreSQL 17.7}. */
  String version() {
    try (Connection c = connectAsAdmin();
        Statement s = c.createStatement();
        var rs = s.executeQuery("show server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1).split(" ")[0];
    } catch (SQLException e) {
      return "PostgreSQL (version unknown: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
