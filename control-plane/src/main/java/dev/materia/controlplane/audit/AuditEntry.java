package dev.materia.controlplane.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audit log entry as admins read it.
 *
 * @param action a dotted name such as {@code token.create} or {@code member.role_change}
 * @param subject what was acted on (a token, user or deployment id)
 */
@Serdeable
public record AuditEntry(
    long id,
    Instant at,
    String action,
    @Nullable String subject,
    @Nullable UUID actorUserId,
    @Nullable UUID actorTokenId,
    @Nullable String ip,
    Map<String, Object> detail) {}
