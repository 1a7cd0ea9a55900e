package dev.materia.controlplane.access;

import dev.materia.controlplane.api.ApiException;
import jakarta.inject.Singleton;
import java.util.function.Function;

/**
 * The door to everything under {@code /api/v1/orgs/{org}}: resolves the organization among the
 * caller's memberships, checks the role, and runs the work in a transaction scoped to that
 * organization. A non-member gets 404 (existence is not revealed), a member with too low a role
 * 403.
 *
 * <pre>{@code
 * return access.inOrg(caller, org, Role.ADMIN, scope -> deployments.create(scope, name));
 * }</pre>
 */
@Singleton
public final class OrgAccess {
  private final TenantTransactions transactions;
  private final OrgDirectory organizations;

  OrgAccess(TenantTransactions transactions, OrgDirectory organizations) {
    this.transactions = transactions;
    this.organizations = organizations;
  }

  /** Runs {@code work} as {@code caller} in organization {@code orgSlug}, if their role allows. */
  public <T> T inOrg(UserCaller caller, String orgSlug, Role minimum, Function<OrgScope, T> work) {
    return transactions.run(
        TenantContext.user(caller.userId()),
        () -> {
          OrgMembership membership =
              organizations
                  .findMembership(orgSlug, caller.userId())
                  .filter(m -> caller.tokenOrgId() == null || caller.tokenOrgId().equals(m.orgId()))
                  .orElseThrow(() -> notFound(orgSlug));
          transactions.enterOrg(membership.orgId(), caller.userId());
          Role role = Role.fromStored(membership.role());
          if (!role.atLeast(minimum)) {
            throw ApiException.forbidden(
                "role_required",
                "this needs the "
                    + minimum.wireName()
                    + " role in "
                    + orgSlug
                    + "; you are "
                    + role.wireName());
          }
          return work.apply(
              new OrgScope(
                  membership.orgId(),
                  membership.slug(),
                  membership.name(),
                  role,
                  new Actor(caller.userId(), caller.tokenId(), caller.ip())));
        });
  }

  /** Runs {@code work} as an agent or run worker in the one organization its token belongs to. */
  public <T> T inOrg(AgentCaller caller, Function<OrgScope, T> work) {
    return transactions.run(
        TenantContext.org(caller.orgId(), null),
        () -> {
          OrgIdentity org =
              organizations
                  .findIdentity(caller.orgId())
                  .orElseThrow(() -> ApiException.notFound("the token's organization is gone"));
          return work.apply(
              new OrgScope(
                  org.id(),
                  org.slug(),
                  org.name(),
                  null,
                  new Actor(null, caller.tokenId(), caller.ip())));
        });
  }

  private static ApiException notFound(String orgSlug) {
    return ApiException.notFound(
        "no organization '" + orgSlug + "' among yours; check the name in GET /api/v1/me");
  }
}
