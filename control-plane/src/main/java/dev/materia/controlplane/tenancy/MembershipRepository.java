package dev.materia.controlplane.tenancy;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Memberships (composite key, so native SQL), always filtered by organization. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface MembershipRepository extends GenericRepository<OrganizationRow, UUID> {

  @Query("insert into memberships (org_id, user_id, role) values (:orgId, :userId, :role)")
  void insert(UUID orgId, UUID userId, String role);

  @Query(
      "select m.user_id, u.email, u.name, m.role, m.created_at from memberships m"
          + " join users u on u.id = m.user_id where m.org_id = :orgId order by u.email")
  List<Member.Row> members(UUID orgId);

  @Query(
      "select m.user_id, u.email, u.name, m.role, m.created_at from memberships m"
          + " join users u on u.id = m.user_id where m.org_id = :orgId and m.user_id = :userId")
  Optional<Member.Row> member(UUID orgId, UUID userId);

  @Query("update memberships set role = :role where org_id = :orgId and user_id = :userId")
  int updateRole(UUID orgId, UUID userId, String role);

  @Query("delete from memberships where org_id = :orgId and user_id = :userId")
  int delete(UUID orgId, UUID userId);

  @Query("select count(*) from memberships where org_id = :orgId and role = 'owner'")
  long owners(UUID orgId);

  /** Serializes membership changes of one organization, so two can never remove the last owner. */
  @Query("select id from organizations where id = :orgId for update")
  Optional<UUID> lock(UUID orgId);
}
