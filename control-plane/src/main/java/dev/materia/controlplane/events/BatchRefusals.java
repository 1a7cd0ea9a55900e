package dev.materia.controlplane.events;

import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.runs.RunRow;
import dev.materia.controlplane.runs.Runs;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, per run, the current streak of event batches the control plane refused (a 400, or a
 * failure to store them), in its own transaction since the batch's rolled back. A streak is
 * refusals less than {@code materia.runs.refusal-timeout} apart; once it has lasted that long, or
 * reached {@code materia.runs.max-refusals}, the run is failed with a {@code run_finished} naming
 * the first cause, so a batch that can never be stored does not keep its run live (heartbeats would
 * keep it "heard" forever).
 */
@Singleton
final class BatchRefusals {
  private static final Logger log = LoggerFactory.getLogger(BatchRefusals.class);

  private final TenantTransactions transactions;
  private final EventIngestion ingestion;
  private final Duration timeout;
  private final int maxRefusals;

  BatchRefusals(
      TenantTransactions transactions,
      EventIngestion ingestion,
      @Value("${materia.runs.refusal-timeout:5m}") Duration timeout,
      @Value("${materia.runs.max-refusals:30}") int maxRefusals) {
    this.transactions = transactions;
    this.ingestion = ingestion;
    this.timeout = timeout;
    this.maxRefusals = maxRefusals;
  }

  /**
   * Records that a batch of run {@code runIdText} was refused for {@code cause}, and fails the run
   * when its streak is long enough.
   *
   * @return true when the run has ended failed after refusals (now or before), so the sender should
   *     stop sending this batch
   */
  boolean refused(AgentCaller caller, String runIdText, String cause) {
    UUID runId;
    try {
      runId = Runs.parseId(runIdText);
    } catch (ApiException e) {
      return false;
    }
    try {
      return transactions.run(
          TenantContext.org(caller.orgId(), null), () -> record(caller, runId, cause));
    } catch (ApiException e) {
      return false; // not a run this caller may use: nothing to record
    } catch (RuntimeException e) {
      log.warn("run {}: recording a refused event batch failed: {}", runId, e.toString());
      return false;
    }
  }

  private boolean record(AgentCaller caller, UUID runId, String cause) {
    RunRow run = ingestion.requireRun(caller, runId, true);
    if (run.status().isTerminal()) {
      return true; // the run is over: a batch that cannot be stored now never will be
    }
    String first = cause.length() > 1_000 ? cause.substring(0, 997) + "..." : cause;
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "update runs set"
                    + " refused_since = case when last_refused_at is null"
                    + "   or last_refused_at < now() - ?::interval then now() else refused_since end,"
                    + " refusals = case when last_refused_at is null"
                    + "   or last_refused_at < now() - ?::interval then 1 else refusals + 1 end,"
                    + " refusal = case when last_refused_at is null"
                    + "   or last_refused_at < now() - ?::interval then ? else refusal end,"
                    + " last_refused_at = now()"
                    + " where org_id = ? and id = ?"
                    + " returning refused_since, refusals, refusal, now()")) {
      String interval = timeout.toMillis() + " milliseconds";
      statement.setString(1, interval);
      statement.setString(2, interval);
      statement.setString(3, interval);
      statement.setString(4, first);
      statement.setObject(5, run.orgId());
      statement.setObject(6, run.id());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        Instant since = rs.getTimestamp(1).toInstant();
        int refusals = rs.getInt(2);
        String firstCause = rs.getString(3);
        Instant now = rs.getTimestamp(4).toInstant();
        if (refusals < maxRefusals && Duration.between(since, now).compareTo(timeout) < 0) {
          return false;
        }
        String message =
            "the control plane refused "
                + refusals
                + (refusals == 1 ? " event batch" : " event batches")
                + " of this run since "
                + since
                + " (materia.runs.refusal-timeout "
                + timeout.toSeconds()
                + " s, materia.runs.max-refusals "
                + maxRefusals
                + "); the first refusal: "
                + firstCause;
        log.warn("run {}: failed: {}", run.id(), message);
        ingestion.appendSystemFinish(run, message);
        return true;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("recording a refusal of run " + runId + " failed", e);
    }
  }
}
