package dev.materia.controlplane.tenancy;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface InvitationRepository extends GenericRepository<InvitationRow, UUID> {
  InvitationRow save(InvitationRow row);

  Optional<InvitationRow> findByTokenHash(byte[] tokenHash);

  Optional<InvitationRow> findByIdAndOrgId(UUID id, UUID orgId);

  @Query(
      "select * from invitations where org_id = :orgId and accepted_at is null"
          + " and revoked_at is null and expires_at > now() order by created_at")
  List<InvitationRow> pending(UUID orgId);

  @Query(
      "update invitations set accepted_at = now(), accepted_by = :userId where id = :id"
          + " and org_id = :orgId and accepted_at is null and revoked_at is null"
          + " and expires_at > now()")
  int accept(UUID id, UUID orgId, UUID userId);

  @Query(
      "update invitations set revoked_at = now() where id = :id and org_id = :orgId"
          + " and accepted_at is null and revoked_at is null")
  int revoke(UUID id, UUID orgId);
}
