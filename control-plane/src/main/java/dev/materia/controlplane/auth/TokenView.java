package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.TokenKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A token as lists show it: never the secret, only its first characters.
 *
 * @param prefix the token's first characters, such as {@code mtu_4tTQ}
 * @param userId whose token it is (user tokens)
 * @param deployments the deployments an agent token may act on
 */
@Serdeable
public record TokenView(
    UUID id,
    TokenKind kind,
    String name,
    String prefix,
    List<String> scopes,
    @Nullable UUID userId,
    List<String> deployments,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt) {}
