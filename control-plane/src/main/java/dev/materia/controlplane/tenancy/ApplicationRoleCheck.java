package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Refuses to start when the application's database role could slip past row-level security: a
 * superuser, a BYPASSRLS role, or the owner of a table. Migrations run as the owner; the
 * application connects as a member of {@code materia_app}.
 */
@Singleton
@Requires(property = "materia.database.check-role", notEquals = "false")
final class ApplicationRoleCheck implements ApplicationEventListener<StartupEvent> {
  private static final String QUERY =
      "select current_user, r.rolsuper, r.rolbypassrls,"
          + " exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace"
          + "   where n.nspname = 'public' and c.relkind in ('r', 'p')"
          + "   and pg_has_role(current_user, c.relowner, 'USAGE')) as owns_tables"
          + " from pg_roles r where r.rolname = current_user";

  private final TenantTransactions transactions;

  ApplicationRoleCheck(TenantTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    String problem = transactions.run(TenantContext.none(), this::problem);
    if (problem != null) {
      throw new IllegalStateException(
          problem
              + ", so row-level security would not bind it. Connect as a role that is a member of"
              + " materia_app and owns nothing, and run migrations as the owner"
              + " (flyway.datasources.default.user); see control-plane/README.md, Database roles");
    }
  }

  private String problem() {
    try (PreparedStatement statement = transactions.connection().prepareStatement(QUERY);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      String role = rs.getString(1);
      if (rs.getBoolean(2)) {
        return "the application connects to PostgreSQL as " + role + ", a superuser";
      }
      if (rs.getBoolean(3)) {
        return "the application connects to PostgreSQL as " + role + ", which has BYPASSRLS";
      }
      if (rs.getBoolean(4)) {
        return "the application connects to PostgreSQL as " + role + ", which owns tables";
      }
      return null;
    } catch (SQLException e) {
      throw new IllegalStateException("could not check the application's database role", e);
    }
  }
}
