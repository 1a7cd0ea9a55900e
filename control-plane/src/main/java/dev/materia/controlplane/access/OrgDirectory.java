package dev.materia.controlplane.access;

import java.util.Optional;
import java.util.UUID;

/**
 * What {@link OrgAccess} needs to know of organizations, implemented by the tenancy feature's
 * repository so that this ground package imports no feature.
 */
public interface OrgDirectory {
  /** The organization {@code slug} with the role {@code userId} has in it, if a member. */
  Optional<OrgMembership> findMembership(String slug, UUID userId);

  /** The organization with this id, if it exists. */
  Optional<OrgIdentity> findIdentity(UUID orgId);
}
