package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.Role;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** A person in an organization, with their role. */
@Serdeable
public record Member(UUID userId, String email, String name, Role role, Instant joinedAt) {

  /** The query projection behind {@link Member}. */
  @Introspected
  record Row(UUID userId, String email, String name, String role, Instant createdAt) {
    Member toMember() {
      return new Member(userId, email, name, Role.fromStored(role), createdAt);
    }
  }
}
