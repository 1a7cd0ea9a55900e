package dev.materia.controlplane.access;

import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/**
 * An organization a request acts in, with the caller's role there. Holding one means {@link
 * OrgAccess} checked membership and role, and the open transaction is scoped to {@code orgId}.
 *
 * @param role the caller's role; null for agents and system work, which have no role
 */
public record OrgScope(UUID orgId, String slug, String name, @Nullable Role role, Actor actor) {

  /** The acting person, or null for agents and system work. */
  public @Nullable UUID userId() {
    return actor.userId();
  }
}
