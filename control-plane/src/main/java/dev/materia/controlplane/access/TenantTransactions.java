package dev.materia.controlplane.access;

import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.DatabaseOutage;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way the control plane opens a transaction: each one starts with {@code
 * set_config('materia.org_id', ?, true)} (and the user and credential settings of its {@link
 * TenantContext}), so row-level security scopes every statement in it. Repository calls made
 * outside these transactions see no tenant rows at all, so a forgotten scope fails closed.
 *
 * <pre>{@code
 * List<DeploymentRow> rows = transactions.run(TenantContext.org(orgId, userId),
 *     () -> deployments.findByOrgId(orgId));
 * }</pre>
 */
@Singleton
public final class TenantTransactions {
  private static final Logger LOG = LoggerFactory.getLogger(TenantTransactions.class);
  private static final String APPLY =
      "select set_config('materia.org_id', ?, true), set_config('materia.user_id', ?, true),"
          + " set_config('materia.token_hash', ?, true)";

  /**
   * As {@link #APPLY}, and the commit waits until its WAL is flushed to disk, whatever the server's
   * default: what is acknowledged after it must survive a crash of the database.
   */
  private static final String APPLY_DURABLE =
      APPLY + ", set_config('synchronous_commit', 'on', true)";

  private final TransactionOperations<Connection> transactions;

  TenantTransactions(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /**
   * Runs {@code work} in a new transaction scoped to {@code context}, and commits.
   *
   * @throws ApiException 503 {@code database_unavailable} when the database cannot be reached
   */
  public <T> T run(TenantContext context, Supplier<T> work) {
    return run(context, work, APPLY);
  }

  /**
   * As {@link #run}, with a synchronous commit ({@code SET LOCAL synchronous_commit = on}): for
   * work whose success is promised to someone (an event batch's acknowledgement), so a server
   * configured with {@code synchronous_commit = off} cannot lose it in a crash.
   */
  public <T> T runDurably(TenantContext context, Supplier<T> work) {
    return run(context, work, APPLY_DURABLE);
  }

  private <T> T run(TenantContext context, Supplier<T> work, String settings) {
    Objects.requireNonNull(context, "context == null");
    if (transactions.findTransactionStatus().isPresent()) {
      // Joining would silently re-scope the outer transaction; nest work inside it instead.
      throw new IllegalStateException("a tenant transaction is already open on this thread");
    }
    try {
      return transactions.executeWrite(
          status -> {
            apply(status.getConnection(), context, settings);
            return work.get();
          });
    } catch (RuntimeException e) {
      if (DatabaseOutage.causes(e)) {
        LOG.warn("the database cannot be reached: {}", e.getMessage());
        throw DatabaseOutage.refusal();
      }
      throw e;
    }
  }

  /** Runs {@code work} in a new transaction scoped to {@code context}; nothing to return. */
  public void execute(TenantContext context, Runnable work) {
    run(
        context,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * Narrows the open transaction to one organization once it is known, for example after a token or
   * a membership was read by hash or by user.
   */
  public void enterOrg(UUID orgId, UUID userId) {
    Objects.requireNonNull(orgId, "orgId == null");
    if (transactions.findTransactionStatus().isEmpty()) {
      throw new IllegalStateException("enterOrg needs an open tenant transaction");
    }
    apply(transactions.getConnection(), TenantContext.org(orgId, userId), APPLY);
  }

  /**
   * The JDBC connection of the open tenant transaction, for work repositories do not cover (COPY,
   * catalog queries). Never close it; the transaction does.
   */
  public Connection connection() {
    if (transactions.findTransactionStatus().isEmpty()) {
      throw new IllegalStateException("connection() needs an open tenant transaction");
    }
    return transactions.getConnection();
  }

  private static void apply(Connection connection, TenantContext context, String settings) {
    try (PreparedStatement statement = connection.prepareStatement(settings)) {
      statement.setString(1, context.orgId() == null ? "" : context.orgId().toString());
      statement.setString(2, context.userId() == null ? "" : context.userId().toString());
      statement.setString(3, context.tokenHashHex() == null ? "" : context.tokenHashHex());
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("could not scope the transaction to " + context, e);
    }
  }
}
