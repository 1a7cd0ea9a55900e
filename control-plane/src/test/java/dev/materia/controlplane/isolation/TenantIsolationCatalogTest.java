package dev.materia.controlplane.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.testing.PostgresServer;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.TenantSnapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads PostgreSQL's catalog to prove the storage rules of DESIGN.md: every table is either a
 * tenant table (org_id, row-level security enabled and forced, a policy on materia_org()) or a
 * global table listed here on purpose, and the application role cannot get around any of it.
 */
class TenantIsolationCatalogTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  /** Tables that hold no organization's data; adding one here is a design decision. */
  static final Set<String> GLOBAL_TABLES =
      Set.of(
          "flyway_schema_history", // migration bookkeeping
          "users", // a person may belong to many organizations
          "sessions", // a person's console sessions
          "login_failures", // the sign-in throttle
          "sweep_ticks", // when the sweeper last ran: the control plane's, not a tenant's
          "sweep_blind_spells", // when nobody could hear agents (V46)
          "login_known_addresses"); // addresses exempt from the throttle's account-wide limit

  @Test
  void everyTableIsATenantTableWithOrgIdOrDeclaredGlobal() throws Exception {
    try (Connection connection = controlPlane.database().connect()) {
      List<String> tenantTables = TenantSnapshot.tenantTables(connection);
      for (String table : tables(connection)) {
        if (!GLOBAL_TABLES.contains(table) && !table.equals("organizations")) {
          assertThat(tenantTables)
              .as("%s has no org_id: add one, or declare it in GLOBAL_TABLES", table)
              .contains(table);
        }
      }
      assertThat(tenantTables).contains("deployments", "api_tokens", "audit_log", "memberships");
    }
  }

  @Test
  void everyTenantTableHasRowLevelSecurityEnabledForcedAndScopedByMateriaOrg() throws Exception {
    try (Connection connection = controlPlane.database().connect()) {
      List<String> tenantTables = new ArrayList<>(TenantSnapshot.tenantTables(connection));
      tenantTables.add("organizations");
      for (String table : tenantTables) {
        try (ResultSet rs =
            query(
                connection,
                "select c.relrowsecurity, c.relforcerowsecurity,"
                    + " (select count(*) from pg_policies p where p.schemaname = 'public'"
                    + "   and p.tablename = c.relname and p.qual like '%materia_org()%')"
                    + " from pg_class c where c.relname = '"
                    + table
                    + "' and c.relnamespace = 'public'::regnamespace")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getBoolean(1)).as("%s: row level security enabled", table).isTrue();
          assertThat(rs.getBoolean(2)).as("%s: row level security forced", table).isTrue();
          assertThat(rs.getInt(3)).as("%s: a policy on materia_org()", table).isPositive();
        }
      }
    }
  }

  @Test
  void theApplicationRoleIsNeitherSuperuserNorBypassrlsNorOwnerOfAnything() throws Exception {
    try (Connection connection = controlPlane.database().connect();
        ResultSet rs =
            query(
                connection,
                "select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb,"
                    + " (select count(*) from pg_class c where c.relowner = r.oid)"
                    + " from pg_roles r where rolname = '"
                    + PostgresServer.APPLICATION_ROLE
                    + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).as("superuser").isFalse();
      assertThat(rs.getBoolean(2)).as("bypassrls").isFalse();
      assertThat(rs.getBoolean(3)).as("createrole").isFalse();
      assertThat(rs.getBoolean(4)).as("createdb").isFalse();
      assertThat(rs.getInt(5)).as("objects owned").isZero();
    }
  }

  @Test
  void theControlPlaneItselfConnectsAsTheApplicationRole() {
    TenantTransactions transactions = controlPlane.context().getBean(TenantTransactions.class);

    String user =
        transactions.run(
            TenantContext.none(),
            () -> {
              try (ResultSet rs = query(transactions.connection(), "select current_user")) {
                rs.next();
                return rs.getString(1);
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(user).isEqualTo(PostgresServer.APPLICATION_ROLE);
  }

  @Test
  void theApplicationRoleCannotSwitchRowLevelSecurityOffOrBecomeSomeoneElse() throws Exception {
    try (Connection app = controlPlane.database().connectAsApplication();
        Statement statement = app.createStatement()) {
      for (String escape :
          List.of(
              "alter table deployments disable row level security",
              "alter table deployments no force row level security",
              "drop policy tenant_isolation on deployments",
              "create policy everything on deployments using (true)",
              "set role postgres",
              "alter role materia_app bypassrls")) {
        assertThatThrownBy(() -> statement.execute(escape))
            .as(escape)
            .isInstanceOf(SQLException.class);
      }
      statement.execute("set row_security = off");
      assertThatThrownBy(() -> statement.executeQuery("select * from deployments"))
          .as("with row_security off, PostgreSQL refuses rather than skipping the policies")
          .hasMessageContaining("row-level security");
    }
  }

  @Test
  void theApplicationRoleCannotRewriteTheAuditLog() throws Exception {
    try (Connection app = controlPlane.database().connectAsApplication();
        Statement statement = app.createStatement()) {
      assertThatThrownBy(() -> statement.execute("update audit_log set action = 'x'"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> statement.execute("delete from audit_log"))
          .hasMessageContaining("permission denied");
    }
  }

  private static List<String> tables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        query(
            connection,
            "select relname from pg_class where relnamespace = 'public'::regnamespace"
                + " and relkind in ('r', 'p') order by 1")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private static ResultSet query(Connection connection, String sql) throws SQLException {
    return connection.createStatement().executeQuery(sql);
  }
}
