package dev.materia.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("sessions")
record SessionRow(
    @Id UUID id,
    UUID userId,
    Instant createdAt,
    Instant expiresAt,
    Instant lastSeenAt,
    @Nullable Instant revokedAt,
    @Nullable String ip,
    @Nullable String userAgent) {}
