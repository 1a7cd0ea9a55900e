package dev.materia.controlplane.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface UserRepository extends GenericRepository<UserRow, UUID> {
  UserRow save(UserRow row);

  Optional<UserRow> findById(UUID id);

  Optional<UserRow> findByEmail(String email);

  void updatePasswordHash(@Id UUID id, String passwordHash);
}
