package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.OrgMembership;
import dev.materia.controlplane.access.Role;
import io.micronaut.serde.annotation.Serdeable;
import java.util.UUID;

/**
 * An organization as one of its members sees it.
 *
 * @param slug the name in URLs: {@code /api/v1/orgs/{slug}}
 * @param role the member's role in it
 */
@Serdeable
public record Organization(UUID id, String slug, String name, Role role) {
  static Organization of(OrgMembership membership) {
    return new Organization(
        membership.orgId(),
        membership.slug(),
        membership.name(),
        Role.fromStored(membership.role()));
  }
}
