package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.Actor;
import dev.materia.controlplane.access.OrgMembership;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.UniqueViolation;
import dev.materia.controlplane.audit.AuditLog;
import dev.materia.controlplane.auth.Account;
import dev.materia.controlplane.auth.Accounts;
import dev.materia.controlplane.deployments.Deployments;
import jakarta.inject.Singleton;
import java.text.Normalizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Creates organizations: the row, the {@code prod} deployment and the first owner, together. */
@Singleton
public final class Provisioning {
  private final OrganizationRepository organizations;
  private final MembershipRepository memberships;
  private final Deployments deployments;
  private final Accounts accounts;
  private final AuditLog audit;
  private final TenantTransactions transactions;

  Provisioning(
      OrganizationRepository organizations,
      MembershipRepository memberships,
      Deployments deployments,
      Accounts accounts,
      AuditLog audit,
      TenantTransactions transactions) {
    this.organizations = organizations;
    this.memberships = memberships;
    this.deployments = deployments;
    this.accounts = accounts;
    this.audit = audit;
    this.transactions = transactions;
  }

  /**
   * Creates organization {@code orgId} with {@code prod} and {@code ownerId} as owner; call inside
   * a tenant transaction scoped to {@code orgId}. A taken slug is 409 on field {@code field}.
   */
  Organization createOrganization(
      UUID orgId, String slug, String name, UUID ownerId, Actor actor, String field) {
    try {
      organizations.save(
          new OrganizationRow(orgId, slug, name, Instant.now().truncatedTo(ChronoUnit.MICROS)));
    } catch (RuntimeException e) {
      if (UniqueViolation.in(e).isPresent()) {
        throw ApiException.conflict(
            field, "the organization name '" + slug + "' is taken; choose another");
      }
      throw e;
    }
    memberships.insert(orgId, ownerId, Role.OWNER.wireName());
    deployments.createProd(orgId);
    audit.record(orgId, actor, "org.create", orgId.toString(), Map.of("slug", slug, "name", name));
    audit.record(
        orgId,
        actor,
        "member.add",
        ownerId.toString(),
        Map.of("role", Role.OWNER.wireName(), "via", "organization created"));
    return new Organization(orgId, slug, name, Role.OWNER);
  }

  /** What {@link #ensureLocalLogin} found or made. */
  public record LocalLogin(Account account, Organization organization, String deployment) {}

  /**
   * Makes sure that organization {@code slug} exists with deployment {@code deployment} and that
   * {@code email} can sign in to it as owner with {@code password}; for {@code materia dev}, so it
   * is repeatable: an existing account gets the given password.
   */
  public LocalLogin ensureLocalLogin(
      String slug, String orgName, String deployment, String email, String name, String password) {
    String normalizedEmail = Accounts.normalizeEmail(email, "email");
    String hash = accounts.hashPassword(password, normalizedEmail);
    Account account =
        transactions.run(
            TenantContext.none(),
            () -> {
              Optional<Account> existing = accounts.findByEmail(normalizedEmail);
              if (existing.isPresent()) {
                accounts.updatePasswordHash(existing.get().id(), hash);
                return existing.get();
              }
              return accounts.insert(
                  new Accounts.NewAccount(UUID.randomUUID(), normalizedEmail, name, hash));
            });
    Optional<OrgMembership> membership =
        transactions.run(
            TenantContext.user(account.id()),
            () -> organizations.findMembership(slug, account.id()));
    UUID orgId = membership.map(OrgMembership::orgId).orElseGet(UUID::randomUUID);
    Organization organization =
        transactions.run(
            TenantContext.org(orgId, account.id()),
            () -> {
              Organization org =
                  membership.isPresent()
                      ? Organization.of(membership.get())
                      : createOrganization(
                          orgId,
                          slug,
                          orgName,
                          account.id(),
                          new Actor(account.id(), null, null),
                          "organization");
              if (org.role() != Role.OWNER) {
                memberships.updateRole(orgId, account.id(), Role.OWNER.wireName());
              }
              deployments.ensure(orgId, deployment);
              return new Organization(org.id(), org.slug(), org.name(), Role.OWNER);
            });
    return new LocalLogin(account, organization, deployment);
  }

  /**
   * The URL name for an organization called {@code name}: lower-case ASCII letters and digits
   * joined by dashes, at most 63 characters; 400 on {@code field} if nothing usable is left.
   */
  static String slugOf(String name, String field) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT);
    String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > 63) {
      slug = slug.substring(0, 63).replaceAll("-+$", "");
    }
    if (slug.isEmpty()) {
      throw ApiException.invalid(
          field, field + " '" + name + "' needs at least one letter or digit to name it in URLs");
    }
    return slug;
  }
}
