package dev.materia.controlplane.deployments;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface DeploymentRepository extends GenericRepository<DeploymentRow, UUID> {
  DeploymentRow save(DeploymentRow row);

  Optional<DeploymentRow> findByOrgIdAndName(UUID orgId, String name);

  List<DeploymentRow> findByOrgIdAndNameInList(UUID orgId, Collection<String> names);

  List<DeploymentRow> findByOrgIdAndIdInList(UUID orgId, Collection<UUID> ids);

  List<DeploymentRow> findByOrgIdOrderByName(UUID orgId);

  /** Every deployment visible to the transaction: no application filter, RLS alone decides. */
  List<DeploymentRow> findAll();

  /** By id alone: no application filter, RLS alone decides. */
  Optional<DeploymentRow> findById(UUID id);

  int deleteByOrgIdAndId(UUID orgId, UUID id);
}
