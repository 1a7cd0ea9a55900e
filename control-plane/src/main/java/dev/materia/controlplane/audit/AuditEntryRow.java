package dev.materia.controlplane.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code audit_log}; {@code detail} is its JSON text. */
@MappedEntity("audit_log")
record AuditEntryRow(
    @Id Long id,
    @Nullable UUID orgId,
    Instant at,
    @Nullable UUID actorUserId,
    @Nullable UUID actorTokenId,
    String action,
    @Nullable String subject,
    String detail,
    @Nullable String ip) {}
