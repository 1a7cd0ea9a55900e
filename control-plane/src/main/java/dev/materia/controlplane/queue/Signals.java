package dev.materia.controlplane.queue;

import dev.materia.controlplane.tenancy.TenantTransactions;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Sends PostgreSQL notifications inside the open tenant transaction, so they reach every replica's
 * {@link SignalListener} exactly when the change they announce commits.
 */
@Singleton
public final class Signals {
  /** Channel of "a deployment has new work"; the payload is the deployment id. */
  public static final String WORK = "materia_work";

  /** Channel of "a run has new events or a new status"; the payload is the run id. */
  public static final String RUN = "materia_run";

  private final TenantTransactions transactions;

  Signals(TenantTransactions transactions) {
    this.transactions = transactions;
  }

  public void work(UUID deploymentId) {
    send(WORK, deploymentId);
  }

  public void run(UUID runId) {
    send(RUN, runId);
  }

  private void send(String channel, UUID id) {
    try (PreparedStatement statement =
        transactions.connection().prepareStatement("select pg_notify(?, ?)")) {
      statement.setString(1, channel);
      statement.setString(2, id.toString());
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("could not notify " + channel + " " + id, e);
    }
  }
}
