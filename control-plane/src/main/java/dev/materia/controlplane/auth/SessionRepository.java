package dev.materia.controlplane.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface SessionRepository extends GenericRepository<SessionRow, UUID> {
  SessionRow save(SessionRow row);

  Optional<SessionRow> findById(UUID id);

  @Query("update sessions set revoked_at = now() where id = :id and revoked_at is null")
  int revoke(UUID id);

  /** Records activity at most once a minute, so reads do not all turn into writes. */
  @Query(
      "update sessions set last_seen_at = now()"
          + " where id = :id and last_seen_at < now() - interval '1 minute'")
  void touch(UUID id);
}
