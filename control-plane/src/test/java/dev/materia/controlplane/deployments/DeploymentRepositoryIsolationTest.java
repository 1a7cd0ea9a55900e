package dev.materia.controlplane.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application's own repository, called without its organization filter: RLS still isolates. */
class DeploymentRepositoryIsolationTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  @Test
  void repositoryMethodsWithoutAnOrgFilterSeeOnlyTheScopedOrganization() {
    Tenants tenants = new Tenants(controlPlane);
    SignedInUser alice = tenants.signUp("RepoAlice");
    SignedInUser bob = tenants.signUp("RepoBob");
    UUID aliceOrg = alice.orgId();
    UUID bobOrg = bob.orgId();
    TenantTransactions transactions = controlPlane.context().getBean(TenantTransactions.class);
    DeploymentRepository repository = controlPlane.context().getBean(DeploymentRepository.class);
    UUID bobProd =
        transactions.run(
            TenantContext.org(bobOrg, null),
            () -> repository.findByOrgIdAndName(bobOrg, "prod").orElseThrow().id());

    List<DeploymentRow> all =
        transactions.run(TenantContext.org(aliceOrg, null), repository::findAll);
    boolean bobsVisible =
        transactions.run(
            TenantContext.org(aliceOrg, null), () -> repository.findById(bobProd).isPresent());
    int deleted =
        transactions.run(
            TenantContext.org(aliceOrg, null),
            () -> repository.deleteByOrgIdAndId(bobOrg, bobProd));

    assertThat(all).extracting(DeploymentRow::orgId).containsOnly(aliceOrg);
    assertThat(bobsVisible).isFalse();
    assertThat(deleted).isZero();
    assertThat(bob.session().get("/api/v1/orgs/" + bob.org() + "/deployments").body())
        .contains("\"name\":\"prod\"");
  }
}
