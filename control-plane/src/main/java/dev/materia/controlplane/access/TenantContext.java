package dev.materia.controlplane.access;

import io.micronaut.core.annotation.Nullable;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * What a transaction may see under row-level security: the organization ({@code materia.org_id}),
 * the signed-in user ({@code materia.user_id}, for their own memberships) and a presented
 * credential's hash ({@code materia.token_hash}, for the one row it names). Anything unset matches
 * no row.
 */
public record TenantContext(
    @Nullable UUID orgId, @Nullable UUID userId, @Nullable String tokenHashHex) {

  /** Everything of one organization, as its member {@code userId} (may be null for the system). */
  public static TenantContext org(UUID orgId, @Nullable UUID userId) {
    return new TenantContext(Objects.requireNonNull(orgId, "orgId == null"), userId, null);
  }

  /** The user's own memberships and the organizations they belong to, nothing else. */
  public static TenantContext user(UUID userId) {
    return new TenantContext(null, Objects.requireNonNull(userId, "userId == null"), null);
  }

  /** Only the token or invitation whose SHA-256 is {@code hash}. */
  public static TenantContext credential(byte[] hash) {
    Objects.requireNonNull(hash, "hash == null");
    return new TenantContext(null, null, HexFormat.of().formatHex(hash));
  }

  /** No tenant rows at all: for global tables such as users, sessions and the sign-in throttle. */
  public static TenantContext none() {
    return new TenantContext(null, null, null);
  }
}
