package dev.materia.controlplane.auth;

import dev.materia.api.RunStatus;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.api.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How long a run token ({@code mtr_}) works: while its run is live, and {@code
 * materia.runs.run-token-grace} (5 min) after the run finished, so the worker can ship the tail of
 * its spool. After that its spool is the agent's to replay with the agent token.
 */
@Singleton
public final class RunTokenWindow {
  private final Duration grace;

  RunTokenWindow(@Value("${materia.runs.run-token-grace:5m}") Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("materia.runs.run-token-grace is negative: " + grace);
    }
    this.grace = grace;
  }

  /**
   * Whether a run token still works for a run in {@code status} that finished at {@code
   * finishedAt}.
   */
  public static boolean open(
      RunStatus status, @Nullable Instant finishedAt, Duration grace, Instant now) {
    Objects.requireNonNull(status, "status == null");
    if (!status.isTerminal()) {
      return true;
    }
    // A finished run without a finish time is treated as long over: refuse rather than guess.
    return finishedAt != null && now.isBefore(finishedAt.plus(grace));
  }

  /**
   * Refuses a run token whose run {@code runId} (in {@code status}, finished at {@code finishedAt})
   * ended more than the grace ago; agent tokens pass, since the agent replays spools of ended runs.
   */
  public void require(
      AgentCaller caller, UUID runId, RunStatus status, @Nullable Instant finishedAt) {
    if (caller.kind() == TokenKind.RUN && !open(status, finishedAt, grace, Instant.now())) {
      throw ApiException.forbidden(
          "run_ended",
          "run "
              + runId
              + " ended at "
              + finishedAt
              + " and its run token works for "
              + grace
              + " (materia.runs.run-token-grace) after that; the agent ships what is left with its"
              + " agent token");
    }
  }
}
