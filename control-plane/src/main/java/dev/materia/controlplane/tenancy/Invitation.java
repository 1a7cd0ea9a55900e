package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** A pending invitation, as admins see it: never its token. */
@Serdeable
public record Invitation(
    UUID id,
    String email,
    Role role,
    @Nullable UUID invitedBy,
    Instant createdAt,
    Instant expiresAt) {
  static Invitation of(InvitationRow row) {
    return new Invitation(
        row.id(),
        row.email(),
        Role.fromStored(row.role()),
        row.invitedBy(),
        row.createdAt(),
        row.expiresAt());
  }
}
