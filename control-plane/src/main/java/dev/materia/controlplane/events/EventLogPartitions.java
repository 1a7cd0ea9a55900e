package dev.materia.controlplane.events;

import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.runs.EventPartitions;
import dev.materia.controlplane.sql.Sql;
import jakarta.inject.Singleton;
import java.time.Instant;

/** Makes the month partitions of {@code run_events}; {@link EventRetention} drops old ones. */
@Singleton
final class EventLogPartitions implements EventPartitions {
  private final TenantTransactions transactions;

  EventLogPartitions(TenantTransactions transactions) {
    this.transactions = transactions;
  }

  /** The month partition for runs created now must exist before they are. */
  @Override
  public void ensureFor(Instant createdAt) {
    Sql.first(
        transactions.connection(),
        "select materia_ensure_run_events_partition(?)",
        rs -> Boolean.TRUE,
        java.sql.Timestamp.from(createdAt));
  }
}
