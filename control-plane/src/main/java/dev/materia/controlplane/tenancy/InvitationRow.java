package dev.materia.controlplane.tenancy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("invitations")
record InvitationRow(
    @Id UUID id,
    UUID orgId,
    String email,
    String role,
    byte[] tokenHash,
    @Nullable UUID invitedBy,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant acceptedAt,
    @Nullable UUID acceptedBy,
    @Nullable Instant revokedAt) {}
