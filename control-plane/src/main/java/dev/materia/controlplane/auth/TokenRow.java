package dev.materia.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code api_tokens}: never the token, only its SHA-256. */
@MappedEntity("api_tokens")
record TokenRow(
    @Id UUID id,
    UUID orgId,
    String kind,
    String name,
    byte[] tokenHash,
    String displayPrefix,
    @Nullable UUID userId,
    @Nullable UUID createdBy,
    String scopes,
    @Nullable UUID runId,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt) {}
