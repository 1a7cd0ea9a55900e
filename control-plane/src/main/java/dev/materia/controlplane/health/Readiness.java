package dev.materia.controlplane.health;

import dev.materia.controlplane.schema.SchemaMigrations;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Checks that the database answers and that no migration is pending. */
@Singleton
final class Readiness {
  private final DataSource dataSource;
  private final SchemaMigrations migrations;
  private volatile boolean migrationsSeenApplied;

  Readiness(DataSource dataSource, SchemaMigrations migrations) {
    // Readiness runs outside any transaction, so it uses the pool directly.
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    this.migrations = migrations;
  }

  Map<String, String> check() {
    Map<String, String> checks = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(2);
      try (ResultSet rs = statement.executeQuery("select 1")) {
        rs.next();
      }
      checks.put("database", "UP");
      checks.put("migrations", migrations(connection));
    } catch (SQLException e) {
      checks.put("database", "unreachable: " + e.getMessage());
      checks.put("migrations", "unknown: database unreachable");
    }
    return checks;
  }

  private String migrations(Connection connection) {
    if (migrationsSeenApplied) {
      return "UP";
    }
    int pending;
    try {
      pending = migrations.pending(connection).size();
    } catch (SQLException e) {
      return "unknown: " + e.getMessage();
    }
    if (pending > 0) {
      return pending + " migration(s) pending";
    }
    // Migrations only move forward, so once applied they stay applied: skip the scan from now on.
    migrationsSeenApplied = true;
    return "UP";
  }
}
