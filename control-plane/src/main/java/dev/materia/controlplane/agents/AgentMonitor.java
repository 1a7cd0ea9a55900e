package dev.materia.controlplane.agents;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.events.EventIngestion;
import dev.materia.controlplane.queue.QueuedWork;
import dev.materia.controlplane.queue.WorkQueue;
import dev.materia.controlplane.runs.RunRow;
import dev.materia.controlplane.runs.Runs;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweeper: puts work with an expired lease back in the queue (a launch whose run had not begun
 * makes the run QUEUED again), marks silent agents down, and fails runs nobody has spoken of for
 * longer than {@code materia.runs.silence-timeout}, with the reason as the run's last event.
 * Silence is measured by the database's clock and only over time the control plane could hear
 * ({@link SweepClock}): an outage of the database is nobody's silence.
 */
@Singleton
final class AgentMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(AgentMonitor.class);

  private final TenantTransactions transactions;
  private final WorkQueue queue;
  private final Runs runs;
  private final AgentRegistry registry;
  private final EventIngestion ingestion;
  private final SweepClock clock;
  private final Duration agentSilence;
  private final Duration runSilence;
  private final Duration blindAfter;

  AgentMonitor(
      TenantTransactions transactions,
      WorkQueue queue,
      Runs runs,
      AgentRegistry registry,
      EventIngestion ingestion,
      SweepClock clock,
      @Value("${materia.agents.silence-timeout:60s}") Duration agentSilence,
      @Value("${materia.runs.silence-timeout:120s}") Duration runSilence,
      @Value("${materia.queue.sweep-interval:5s}") Duration sweepInterval) {
    this.transactions = transactions;
    this.queue = queue;
    this.runs = runs;
    this.registry = registry;
    this.ingestion = ingestion;
    this.clock = clock;
    this.agentSilence = agentSilence;
    this.runSilence = runSilence;
    // Three missed sweeps, and never under 2 s, so a busy machine's slow sweep is not an outage.
    this.blindAfter = max(sweepInterval.multipliedBy(3), Duration.ofSeconds(2));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Scheduled(
      fixedDelay = "${materia.queue.sweep-interval:5s}",
      initialDelay = "${materia.queue.sweep-interval:5s}")
  void sweep() {
    try {
      Duration keep = max(agentSilence, runSilence);
      clock.tick(blindAfter, keep);
      long heardFromDatabase = System.nanoTime();
      for (UUID orgId : dueOrganizations()) {
        if (System.nanoTime() - heardFromDatabase > blindAfter.toNanos()) {
          clock.tick(blindAfter, keep); // long enough for an outage unseen: tick before judging
        }
        transactions.execute(TenantContext.org(orgId, null), () -> sweep(orgId));
        heardFromDatabase = System.nanoTime();
      }
    } catch (RuntimeException e) {
      LOG.warn("sweeping leases, agents and runs failed: {}", e.getMessage());
      LOG.debug("sweep failure", e);
    }
  }

  private void sweep(UUID orgId) {
    for (QueuedWork item : queue.expired(orgId)) {
      if (QueuedWork.LAUNCH.equals(item.kind()) && item.runId() != null) {
        Runs.LetGo fate =
            runs.launchLetGo(
                orgId, item.runId(), "the agent's lease on the launch expired; queued again");
        if (fate == Runs.LetGo.HELD) {
          continue; // the next sweep looks again
        }
        if (fate == Runs.LetGo.DONE) {
          queue.complete(orgId, item.id());
          continue;
        }
      }
      queue.requeue(item);
    }
    registry.markDown(orgId, agentSilence.toMillis());
    for (RunRow run : runs.silent(orgId, runSilence)) {
      ingestion.appendSystemFinish(
          run,
          "no agent reported run "
              + run.id()
              + " for "
              + runSilence.toSeconds()
              + " s (materia.runs.silence-timeout); the agent is gone or lost the run");
    }
  }

  private List<UUID> dueOrganizations() {
    return transactions.run(
        TenantContext.none(),
        () -> {
          try (PreparedStatement statement =
              transactions
                  .connection()
                  .prepareStatement("select * from materia_sweep_orgs(?::interval, ?::interval)")) {
            statement.setString(1, agentSilence.toMillis() + " milliseconds");
            statement.setString(2, runSilence.toMillis() + " milliseconds");
            List<UUID> orgs = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                orgs.add(rs.getObject(1, UUID.class));
              }
            }
            return orgs;
          } catch (SQLException e) {
            throw new IllegalStateException("finding due work failed", e);
          }
        });
  }
}
