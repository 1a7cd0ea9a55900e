package dev.materia.controlplane.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface AuditRepository extends GenericRepository<AuditEntryRow, Long> {

  @Query(
      "insert into audit_log (org_id, actor_user_id, actor_token_id, action, subject, detail, ip)"
          + " values (:orgId, :actorUserId, :actorTokenId, :action, :subject,"
          + " cast(:detail as jsonb), :ip)")
  void insert(
      @Nullable UUID orgId,
      @Nullable UUID actorUserId,
      @Nullable UUID actorTokenId,
      String action,
      @Nullable String subject,
      String detail,
      @Nullable String ip);

  @Query(
      "select a.id, a.org_id, a.at, a.actor_user_id, a.actor_token_id, a.action, a.subject,"
          + " a.detail::text as detail, a.ip from audit_log a"
          + " where a.org_id = :orgId and a.id < :before order by a.id desc limit :limit")
  List<AuditEntryRow> page(UUID orgId, long before, int limit);
}
