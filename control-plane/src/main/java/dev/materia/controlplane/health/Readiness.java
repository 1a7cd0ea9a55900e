package dev.materia.controlplane.health;

import dev.materia.controlplane.schema.SchemaMigrations;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Checks that the database answers and that no migration is pending, within {@link #BOUND}: a load
 * balancer must hear "not ready" while the database is away, not wait for the pool's timeout.
 */
@Singleton
final class Readiness {
  /** The longest a readiness check waits for the database. */
  static final Duration BOUND = Duration.ofMillis(1500);

  private final DataSource dataSource;
  private final SchemaMigrations migrations;
  private volatile boolean migrationsSeenApplied;

  /** The check under way, which concurrent probes share instead of each taking a connection. */
  private CompletableFuture<Map<String, String>> inFlight;

  Readiness(DataSource dataSource, SchemaMigrations migrations) {
    // Readiness runs outside any transaction, so it uses the pool directly.
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    this.migrations = migrations;
  }

  Map<String, String> check() {
    CompletableFuture<Map<String, String>> check;
    synchronized (this) {
      if (inFlight == null || inFlight.isDone()) {
        inFlight = CompletableFuture.supplyAsync(this::checkNow, Thread::startVirtualThread);
      }
      check = inFlight;
    }
    try {
      return check.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return down("no connection within " + BOUND.toMillis() + " ms");
    } catch (ExecutionException e) {
      return down(e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down("interrupted");
    }
  }

  private Map<String, String> checkNow() {
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
      return down(e.getMessage());
    }
    return checks;
  }

  private static Map<String, String> down(String why) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", "unreachable: " + why);
    checks.put("migrations", "unknown: database unreachable");
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
