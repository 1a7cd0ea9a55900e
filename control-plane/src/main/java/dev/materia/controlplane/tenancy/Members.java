package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.audit.AuditLog;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who belongs to an organization and with which role. Only owners grant or take away the owner
 * role, and an organization always keeps at least one owner.
 */
@Singleton
public final class Members {
  private final MembershipRepository memberships;
  private final AuditLog audit;

  Members(MembershipRepository memberships, AuditLog audit) {
    this.memberships = memberships;
    this.audit = audit;
  }

  public List<Member> list(OrgScope scope) {
    return memberships.members(scope.orgId()).stream().map(Member.Row::toMember).toList();
  }

  /** Changes a member's role (admin); owner changes need an owner. */
  public Member changeRole(OrgScope scope, String userId, String newRole) {
    Role role = Role.parse(newRole, "role");
    memberships.lock(scope.orgId());
    Member member = require(scope, userId);
    if ((role == Role.OWNER || member.role() == Role.OWNER) && scope.role() != Role.OWNER) {
      throw ApiException.forbidden(
          "role_required", "only owners may grant or change the owner role");
    }
    if (member.role() == role) {
      return member;
    }
    if (member.role() == Role.OWNER && memberships.owners(scope.orgId()) <= 1) {
      throw ApiException.conflict(
          "role", scope.slug() + " needs an owner: make someone else owner first");
    }
    memberships.updateRole(scope.orgId(), member.userId(), role.wireName());
    audit.record(
        scope.orgId(),
        scope.actor(),
        "member.role_change",
        member.userId().toString(),
        Map.of("from", member.role().wireName(), "to", role.wireName()));
    return new Member(member.userId(), member.email(), member.name(), role, member.joinedAt());
  }

  /** Removes a member (admin), or the caller themselves (anyone); never the last owner. */
  public void remove(OrgScope scope, String userId) {
    memberships.lock(scope.orgId());
    Member member = require(scope, userId);
    boolean self = member.userId().equals(scope.userId());
    if (!self && !scope.role().atLeast(Role.ADMIN)) {
      throw ApiException.forbidden(
          "role_required",
          "this needs the admin role in " + scope.slug() + "; you are " + scope.role().wireName());
    }
    if (!self && member.role() == Role.OWNER && scope.role() != Role.OWNER) {
      throw ApiException.forbidden("role_required", "only owners may remove an owner");
    }
    if (member.role() == Role.OWNER && memberships.owners(scope.orgId()) <= 1) {
      throw ApiException.conflict(
          "userId", scope.slug() + " needs an owner: make someone else owner first");
    }
    memberships.delete(scope.orgId(), member.userId());
    audit.record(
        scope.orgId(),
        scope.actor(),
        "member.remove",
        member.userId().toString(),
        Map.of("role", member.role().wireName(), "email", member.email()));
  }

  private Member require(OrgScope scope, String userId) {
    UUID id;
    try {
      id = UUID.fromString(userId);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("no member " + userId + " in " + scope.slug());
    }
    return memberships
        .member(scope.orgId(), id)
        .map(Member.Row::toMember)
        .orElseThrow(() -> ApiException.notFound("no member " + userId + " in " + scope.slug()));
  }
}
