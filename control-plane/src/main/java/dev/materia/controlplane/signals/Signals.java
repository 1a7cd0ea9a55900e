package dev.materia.controlplane.signals;

import dev.materia.controlplane.access.TenantTransactions;
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
  /**
   * Channel of "a deployment has a new work item": the payload is {@code org:deployment:item} (see
   * {@link #work}), one notification per item, so a replica wakes one held poll per item and only
   * polls whose token may take it.
   */
  public static final String WORK = "materia_work";

  /** Channel of "a run has new events or a new status"; the payload is the run id. */
  public static final String RUN = "materia_run";

  private final TenantTransactions transactions;

  Signals(TenantTransactions transactions) {
    this.transactions = transactions;
  }

  /**
   * Announces work item {@code itemId} (new or back in the queue) of a deployment. The item id
   * keeps the payloads of one transaction distinct: PostgreSQL folds identical ones into one.
   */
  public void work(UUID orgId, UUID deploymentId, UUID itemId) {
    send(WORK, orgId + ":" + deploymentId + ":" + itemId);
  }

  public void run(UUID runId) {
    send(RUN, runId.toString());
  }

  private void send(String channel, String payload) {
    try (PreparedStatement statement =
        transactions.connection().prepareStatement("select pg_notify(?, ?)")) {
      statement.setString(1, channel);
      statement.setString(2, payload);
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("could not notify " + channel + " " + payload, e);
    }
  }
}
