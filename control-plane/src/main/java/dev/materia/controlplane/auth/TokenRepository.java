package dev.materia.controlplane.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TokenRepository extends GenericRepository<TokenRow, UUID> {
  TokenRow save(TokenRow row);

  Optional<TokenRow> findByIdAndOrgIdAndKind(UUID id, UUID orgId, String kind);

  List<TokenRow> findByOrgIdAndKindAndRevokedAtIsNullOrderByCreatedAt(UUID orgId, String kind);

  List<TokenRow> findByOrgIdAndKindAndUserIdAndRevokedAtIsNullOrderByCreatedAt(
      UUID orgId, String kind, UUID userId);

  @Query(
      "update api_tokens set revoked_at = now()"
          + " where id = :id and org_id = :orgId and revoked_at is null")
  int revoke(UUID id, UUID orgId);

  @Query(
      "insert into token_deployments (org_id, token_id, deployment_id)"
          + " values (:orgId, :tokenId, :deploymentId)")
  void grantDeployment(UUID orgId, UUID tokenId, UUID deploymentId);

  @Query(
      "select d.name from token_deployments td join deployments d"
          + " on d.org_id = td.org_id and d.id = td.deployment_id"
          + " where td.token_id = :tokenId and td.org_id = :orgId order by d.name")
  List<String> deploymentNames(UUID tokenId, UUID orgId);
}
