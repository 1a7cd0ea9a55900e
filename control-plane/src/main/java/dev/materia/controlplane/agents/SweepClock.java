package dev.materia.controlplane.agents;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweeper's record of when the control plane could hear (V46): each sweep ticks by the
 * database's clock, and a gap since the previous tick (of any replica) longer than {@code
 * blindAfter} is stored as a blind spell (the database was unreachable or no replica ran), which
 * {@code materia_heard_silence} leaves out of every silence.
 */
@Singleton
final class SweepClock {
  private static final Logger LOG = LoggerFactory.getLogger(SweepClock.class);

  private final TenantTransactions transactions;

  SweepClock(TenantTransactions transactions) {
    this.transactions = transactions;
  }

  /**
   * Records a tick; call before judging any silence. The tick row's lock serializes replicas, so
   * one that ticks after another's blind spell sees it.
   *
   * @param blindAfter a longer gap since the previous tick is a blind spell
   * @param keep blind spells that ended longer ago than this can no longer shorten a silence that
   *     matters, and are deleted
   */
  void tick(Duration blindAfter, Duration keep) {
    transactions.execute(
        TenantContext.none(),
        () -> {
          try (PreparedStatement previous =
                  transactions
                      .connection()
                      .prepareStatement(
                          "select ticked_at, now(), now() - ticked_at > ?::interval"
                              + " from sweep_ticks for update");
              PreparedStatement update =
                  transactions
                      .connection()
                      .prepareStatement("update sweep_ticks set ticked_at = now()")) {
            previous.setString(1, blindAfter.toMillis() + " milliseconds");
            try (ResultSet rs = previous.executeQuery()) {
              if (rs.next() && rs.getBoolean(3)) {
                recordBlindSpell(rs.getTimestamp(1), rs.getTimestamp(2), keep);
              }
            }
            update.executeUpdate();
          } catch (SQLException e) {
            throw new IllegalStateException(
                "recording the sweep's tick failed: " + e.getMessage(), e);
          }
        });
  }

  private void recordBlindSpell(Timestamp from, Timestamp to, Duration keep) throws SQLException {
    LOG.warn(
        "the sweeper could not run from {} to {} ({} s: the database was unreachable or no replica"
            + " ran); silence in that time does not count against agents or runs",
        from.toInstant(),
        to.toInstant(),
        Duration.between(from.toInstant(), to.toInstant()).toSeconds());
    try (PreparedStatement insert =
            transactions
                .connection()
                .prepareStatement(
                    "insert into sweep_blind_spells (started_at, ended_at) values (?, ?)"
                        + " on conflict (started_at) do update set ended_at = excluded.ended_at");
        PreparedStatement prune =
            transactions
                .connection()
                .prepareStatement(
                    "delete from sweep_blind_spells where ended_at < now() - ?::interval")) {
      insert.setTimestamp(1, from);
      insert.setTimestamp(2, to);
      insert.executeUpdate();
      prune.setString(1, keep.toMillis() + " milliseconds");
      prune.executeUpdate();
    }
  }
}
