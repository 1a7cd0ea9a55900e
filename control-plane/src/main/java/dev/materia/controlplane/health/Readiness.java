package dev.materia.controlplane.health;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Checks that the database answers and that no migration is pending. */
@Singleton
final class Readiness {
  private final DataSource dataSource;
  private volatile boolean migrationsSeenApplied;

  Readiness(DataSource dataSource) {
    // Readiness runs outside any transaction, so it uses the pool directly.
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
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
    } catch (SQLException e) {
      checks.put("database", "unreachable: " + e.getMessage());
      checks.put("migrations", "unknown: database unreachable");
      return checks;
    }
    checks.put("migrations", migrations());
    return checks;
  }

  private String migrations() {
    if (migrationsSeenApplied) {
      return "UP";
    }
    int pending =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .info()
            .pending()
            .length;
    if (pending > 0) {
      return pending + " migration(s) pending";
    }
    // Migrations only move forward, so once applied they stay applied: skip the scan from now on.
    migrationsSeenApplied = true;
    return "UP";
  }
}
