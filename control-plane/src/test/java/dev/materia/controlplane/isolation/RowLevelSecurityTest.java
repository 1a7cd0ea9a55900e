package dev.materia.controlplane.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.assets.CatalogFixtures;
import dev.materia.controlplane.auth.TokenFormat;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.TenantSnapshot;
import dev.materia.controlplane.testing.Tenants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The second wall alone: statements with no organization filter at all, run through the control
 * plane's own transactions and pool, still see and change only the scoped organization's rows.
 */
class RowLevelSecurityTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static SignedInUser alice;
  private static SignedInUser bob;
  private static UUID aliceOrg;
  private static UUID bobOrg;
  private static String bobToken;
  private static TenantTransactions transactions;

  @BeforeAll
  static void twoOrganizationsWithDataInEveryTable() {
    Tenants tenants = new Tenants(controlPlane);
    alice = tenants.signUp("Alice");
    bob = tenants.signUp("Bob");
    for (SignedInUser owner : List.of(alice, bob)) {
      owner
          .session()
          .post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"staging\"}");
      owner
          .session()
          .post(
              "/api/v1/orgs/" + owner.org() + "/invitations",
              "{\"email\":\"x@" + owner.org() + ".test\",\"role\":\"viewer\"}");
      tenants.userToken(owner);
      String agentToken = tenants.agentToken(owner, "prod", "staging");
      CatalogFixtures.seed(controlPlane, owner, agentToken);
      RunFixtures.seed(controlPlane, owner, agentToken);
    }
    bobToken = tenants.userToken(bob);
    aliceOrg = alice.orgId();
    bobOrg = bob.orgId();
    transactions = controlPlane.context().getBean(TenantTransactions.class);
  }

  @Test
  void unfilteredReadsInAnOrganizationsTransactionSeeOnlyThatOrganization() throws Exception {
    for (String table : tenantTables()) {
      long foreign =
          transactions.run(
              TenantContext.org(aliceOrg, null),
              () -> count("select count(*) from " + table + " where org_id <> '" + aliceOrg + "'"));
      long own =
          transactions.run(
              TenantContext.org(aliceOrg, null), () -> count("select count(*) from " + table));
      assertThat(foreign).as("%s rows of other organizations", table).isZero();
      assertThat(own)
          .as("%s rows of the organization itself", table)
          .isEqualTo(adminCount(table, aliceOrg));
    }
    long organizations =
        transactions.run(
            TenantContext.org(aliceOrg, null), () -> count("select count(*) from organizations"));
    assertThat(organizations).isEqualTo(1);
  }

  @Test
  void aTransactionWithoutAnOrganizationSeesNoTenantRowsAtAll() throws Exception {
    for (String table : tenantTables()) {
      assertThat(adminCount(table, bobOrg)).as("%s has data to hide", table).isPositive();
      long visible =
          transactions.run(TenantContext.none(), () -> count("select count(*) from " + table));
      assertThat(visible).as("%s without materia.org_id", table).isZero();
    }
  }

  @Test
  void unfilteredWritesChangeOnlyTheScopedOrganization() {
    TenantSnapshot bobBefore = TenantSnapshot.take(controlPlane.database(), bobOrg);

    int updated =
        transactions.run(
            TenantContext.org(aliceOrg, null),
            () -> update("update api_tokens set name = name || ' (renamed)'"));
    int deleted =
        transactions.run(
            TenantContext.org(aliceOrg, null), () -> update("delete from invitations"));

    assertThat(updated).isEqualTo(2);
    assertThat(deleted).isEqualTo(1);
    assertThat(TenantSnapshot.take(controlPlane.database(), bobOrg)).isEqualTo(bobBefore);
  }

  @Test
  void insertingARowForAnotherOrganizationIsRefused() {
    assertThatThrownBy(
            () ->
                transactions.run(
                    TenantContext.org(aliceOrg, null),
                    () ->
                        update(
                            "insert into deployments (id, org_id, name) values ('"
                                + UUID.randomUUID()
                                + "', '"
                                + bobOrg
                                + "', 'planted')")))
        .hasStackTraceContaining("row-level security");
  }

  @Test
  void aUserSeesOnlyTheirOwnMembershipsAndOrganizationsWithoutAnOrganization() {
    long memberships =
        transactions.run(
            TenantContext.user(alice.userId()), () -> count("select count(*) from memberships"));
    long organizations =
        transactions.run(
            TenantContext.user(alice.userId()), () -> count("select count(*) from organizations"));
    long deployments =
        transactions.run(
            TenantContext.user(alice.userId()), () -> count("select count(*) from deployments"));

    assertThat(memberships).isEqualTo(1);
    assertThat(organizations).isEqualTo(1);
    assertThat(deployments).as("membership reveals no tenant data by itself").isZero();
  }

  @Test
  void aPresentedTokenRevealsOnlyItsOwnRow() {
    byte[] hash = TokenFormat.sha256(bobToken);

    long tokens =
        transactions.run(
            TenantContext.credential(hash), () -> count("select count(*) from api_tokens"));
    long invitations =
        transactions.run(
            TenantContext.credential(hash), () -> count("select count(*) from invitations"));

    assertThat(tokens).isEqualTo(1);
    assertThat(invitations).isZero();
  }

  @Test
  void theScopeEndsWithTheTransaction() {
    transactions.run(
        TenantContext.org(aliceOrg, null), () -> count("select count(*) from deployments"));

    long after =
        transactions.run(TenantContext.none(), () -> count("select count(*) from deployments"));

    assertThat(after).as("set_config(..., true) is local to its transaction").isZero();
  }

  @Test
  void aForgottenScopeFailsClosedAtTheDatabaseToo() throws Exception {
    try (Connection app = controlPlane.database().connectAsApplication();
        ResultSet rs = app.createStatement().executeQuery("select count(*) from api_tokens")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  private static long count(String sql) {
    try (PreparedStatement statement = transactions.connection().prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static int update(String sql) {
    try (PreparedStatement statement = transactions.connection().prepareStatement(sql)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static long adminCount(String table, UUID orgId) throws SQLException {
    try (Connection connection = controlPlane.database().connect();
        PreparedStatement statement =
            connection.prepareStatement("select count(*) from " + table + " where org_id = ?")) {
      statement.setObject(1, orgId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> tenantTables() throws SQLException {
    try (Connection connection = controlPlane.database().connect()) {
      return TenantSnapshot.tenantTables(connection);
    }
  }
}
