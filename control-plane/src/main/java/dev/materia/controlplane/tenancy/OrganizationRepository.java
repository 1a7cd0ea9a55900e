package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.OrgDirectory;
import dev.materia.controlplane.access.OrgIdentity;
import dev.materia.controlplane.access.OrgMembership;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OrganizationRepository extends GenericRepository<OrganizationRow, UUID>, OrgDirectory {
  OrganizationRow save(OrganizationRow row);

  Optional<OrganizationRow> findById(UUID id);

  @Query(
      "select o.id as org_id, o.slug, o.name, m.role from organizations o"
          + " join memberships m on m.org_id = o.id"
          + " where o.slug = :slug and m.user_id = :userId")
  @Override
  Optional<OrgMembership> findMembership(String slug, UUID userId);

  @Override
  @Query("select o.id, o.slug, o.name from organizations o where o.id = :orgId")
  Optional<OrgIdentity> findIdentity(UUID orgId);

  @Query(
      "select o.id as org_id, o.slug, o.name, m.role from organizations o"
          + " join memberships m on m.org_id = o.id"
          + " where m.user_id = :userId order by o.slug")
  List<OrgMembership> findMemberships(UUID userId);
}
