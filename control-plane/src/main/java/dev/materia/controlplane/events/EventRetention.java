package dev.materia.controlplane.events;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of the run event log: drops the month partitions of runs created longer ago than {@code
 * materia.events.retention} (whole months only, so a partition goes once its last day is older than
 * that). Runs themselves and the asset index stay.
 */
@Singleton
public final class EventRetention {
  private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);

  private final TenantTransactions transactions;
  private final Duration retention;

  EventRetention(
      TenantTransactions transactions,
      @Value("${materia.events.retention:400d}") Duration retention) {
    this.transactions = transactions;
    this.retention = retention;
  }

  @Scheduled(fixedDelay = "1h", initialDelay = "1m")
  void sweep() {
    try {
      List<String> dropped = dropBefore(Instant.now().minus(retention));
      if (!dropped.isEmpty()) {
        LOG.info("event retention ({}) dropped {}", retention, dropped);
      }
    } catch (RuntimeException e) {
      LOG.warn("event retention failed", e);
    }
  }

  /** Drops the partitions whose month ends before {@code before}; returns their names. */
  public List<String> dropBefore(Instant before) {
    return transactions.run(
        TenantContext.none(),
        () -> {
          try (PreparedStatement statement =
              transactions
                  .connection()
                  .prepareStatement("select * from materia_drop_run_events_partitions(?)")) {
            statement.setTimestamp(1, Timestamp.from(before));
            List<String> names = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                names.add(rs.getString(1));
              }
            }
            return names;
          } catch (SQLException e) {
            throw new IllegalStateException("dropping event partitions failed", e);
          }
        });
  }
}
