package dev.materia.controlplane.tenancy;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

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
  private static final String APPLY =
      "select set_config('materia.org_id', ?, true), set_config('materia.user_id', ?, true),"
          + " set_config('materia.token_hash', ?, true)";

  private final TransactionOperations<Connection> transactions;

  TenantTransactions(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /** Runs {@code work} in a new transaction scoped to {@code context}, and commits. */
  public <T> T run(TenantContext context, Supplier<T> work) {
    Objects.requireNonNull(context, "context == null");
    if (transactions.findTransactionStatus().isPresent()) {
      // Joining would silently re-scope the outer transaction; nest work inside it instead.
      throw new IllegalStateException("a tenant transaction is already open on this thread");
    }
    return transactions.executeWrite(
        status -> {
          apply(status.getConnection(), context);
          return work.get();
        });
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
    apply(transactions.getConnection(), TenantContext.org(orgId, userId));
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

  private static void apply(Connection connection, TenantContext context) {
    try (PreparedStatement statement = connection.prepareStatement(APPLY)) {
      statement.setString(1, context.orgId() == null ? "" : context.orgId().toString());
      statement.setString(2, context.userId() == null ? "" : context.userId().toString());
      statement.setString(3, context.tokenHashHex() == null ? "" : context.tokenHashHex());
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("could not scope the transaction to " + context, e);
    }
  }
}
