package dev.materia.controlplane.access;

import io.micronaut.core.annotation.Nullable;
import java.util.Set;
import java.util.UUID;

/**
 * A person: signed in to the console (a session) or calling with one of their {@code mtu_} tokens,
 * which is bound to one organization and may be read-only.
 *
 * @param sessionId the console session, or null for a token
 * @param tokenId the user token, or null for a session
 * @param tokenOrgId the one organization a user token works in, or null for a session
 * @param scopes {@code api:read} and possibly {@code api:write}; sessions have both
 */
public record UserCaller(
    UUID userId,
    @Nullable UUID sessionId,
    @Nullable UUID tokenId,
    @Nullable UUID tokenOrgId,
    Set<String> scopes,
    String ip)
    implements Caller {
  public static final String READ = "api:read";
  public static final String WRITE = "api:write";

  public static UserCaller session(UUID userId, UUID sessionId, String ip) {
    return new UserCaller(userId, sessionId, null, null, Set.of(READ, WRITE), ip);
  }

  public boolean viaToken() {
    return tokenId != null;
  }

  @Override
  public String getName() {
    return userId.toString();
  }
}
