package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.Actor;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.UniqueViolation;
import dev.materia.controlplane.audit.AuditLog;
import dev.materia.controlplane.auth.Account;
import dev.materia.controlplane.auth.Accounts;
import dev.materia.controlplane.auth.SignIn;
import dev.materia.controlplane.auth.TokenFormat;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Invitations to join an organization: an admin names an email and a role, the invitee gets a
 * one-time {@code mti_} link (valid 7 days) and accepts it signed in as that email, or by creating
 * the account on the spot.
 */
@Singleton
public final class Invitations {
  static final Duration LIFETIME = Duration.ofDays(7);

  private final InvitationRepository repository;
  private final MembershipRepository memberships;
  private final OrganizationRepository organizations;
  private final Accounts accounts;
  private final SignIn signIn;
  private final AuditLog audit;
  private final TenantTransactions transactions;
  private final InvitationDelivery delivery;
  private final String publicUrl;
  private final SecureRandom random = new SecureRandom();

  Invitations(
      InvitationRepository repository,
      MembershipRepository memberships,
      OrganizationRepository organizations,
      Accounts accounts,
      SignIn signIn,
      AuditLog audit,
      TenantTransactions transactions,
      InvitationDelivery delivery,
      @Property(name = "materia.public-url", defaultValue = "http://localhost:8080")
          String publicUrl) {
    this.repository = repository;
    this.memberships = memberships;
    this.organizations = organizations;
    this.accounts = accounts;
    this.signIn = signIn;
    this.audit = audit;
    this.transactions = transactions;
    this.delivery = delivery;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  /** Invites {@code email} as {@code role}; only owners may invite owners. */
  public Invitation create(OrgScope scope, @Nullable String email, @Nullable String role) {
    String address = Accounts.normalizeEmail(email, "email");
    Role granted = Role.parse(role, "role");
    if (granted == Role.OWNER && scope.role() != Role.OWNER) {
      throw ApiException.forbidden("role_required", "only owners may invite owners");
    }
    if (memberships.members(scope.orgId()).stream().anyMatch(m -> m.email().equals(address))) {
      throw ApiException.conflict("email", address + " is already a member of " + scope.slug());
    }
    String token = TokenFormat.generate(TokenKind.INVITATION, random);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    InvitationRow row =
        repository.save(
            new InvitationRow(
                UUID.randomUUID(),
                scope.orgId(),
                address,
                granted.wireName(),
                TokenFormat.sha256(token),
                scope.userId(),
                now,
                now.plus(LIFETIME),
                null,
                null,
                null));
    audit.record(
        scope.orgId(),
        scope.actor(),
        "invitation.create",
        row.id().toString(),
        Map.of("email", address, "role", granted.wireName()));
    // The token travels in the fragment, which browsers never send to servers or in referrers.
    delivery.deliver(address, scope.name(), publicUrl + "/invitations/accept#token=" + token);
    return Invitation.of(row);
  }

  public List<Invitation> pending(OrgScope scope) {
    return repository.pending(scope.orgId()).stream().map(Invitation::of).toList();
  }

  public void revoke(OrgScope scope, String id) {
    UUID invitationId = parseId(id);
    if (repository.revoke(invitationId, scope.orgId()) == 0) {
      throw ApiException.notFound("no pending invitation " + id + " in " + scope.slug());
    }
    audit.record(scope.orgId(), scope.actor(), "invitation.revoke", id, Map.of());
  }

  /** The outcome of accepting: the member's account and organization, and a new session if any. */
  public record Accepted(
      Account account, Organization organization, @Nullable SignIn.SignedIn signedIn) {}

  /**
   * Accepts an invitation. Signed in (console session), the account must have the invited email.
   * Not signed in, a new account is created for the invited email with {@code name} and {@code
   * password}, and signed in; if that email has an account already, sign in first.
   */
  public Accepted accept(
      @Nullable String token,
      @Nullable UserCaller caller,
      @Nullable String name,
      @Nullable String password,
      String ip,
      @Nullable String userAgent) {
    if (token == null || token.isBlank()) {
      throw ApiException.invalid(
          "token", "token is required: the mti_ code from the invitation link");
    }
    if (TokenFormat.parse(token.trim()).filter(k -> k == TokenKind.INVITATION).isEmpty()) {
      throw ApiException.invalid(
          "token", "token is not an invitation code: copy the whole mti_ code from the link");
    }
    if (caller != null && caller.viaToken()) {
      throw ApiException.forbidden(
          "session_required", "accept invitations signed in to the console, not with an API token");
    }
    byte[] hash = TokenFormat.sha256(token.trim());
    InvitationRow invitation =
        transactions
            .run(TenantContext.credential(hash), () -> repository.findByTokenHash(hash))
            .filter(
                row ->
                    row.acceptedAt() == null
                        && row.revokedAt() == null
                        && row.expiresAt().isAfter(Instant.now()))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "this invitation is unknown, used, revoked or expired; ask for a new one"));
    Accounts.NewAccount newAccount = null;
    Account account;
    if (caller != null) {
      account =
          transactions
              .run(TenantContext.none(), () -> accounts.find(caller.userId()))
              .orElseThrow();
      if (!account.email().equals(invitation.email())) {
        throw ApiException.forbidden(
            "invitation_for_other_email",
            "this invitation is for "
                + invitation.email()
                + "; you are signed in as "
                + account.email());
      }
    } else {
      if (transactions
          .run(TenantContext.none(), () -> accounts.findByEmail(invitation.email()))
          .isPresent()) {
        throw ApiException.conflict(
            "token",
            "an account with " + invitation.email() + " exists: sign in as it, then accept");
      }
      newAccount = accounts.prepare(invitation.email(), name, password);
      account = new Account(newAccount.id(), newAccount.email(), newAccount.name());
    }
    Accounts.NewAccount toCreate = newAccount;
    Account member = account;
    return transactions.run(
        TenantContext.org(invitation.orgId(), member.id()),
        () -> {
          if (toCreate != null) {
            accounts.insert(toCreate);
          }
          if (repository.accept(invitation.id(), invitation.orgId(), member.id()) == 0) {
            throw ApiException.notFound("this invitation was used or revoked a moment ago");
          }
          Role role = Role.fromStored(invitation.role());
          try {
            memberships.insert(invitation.orgId(), member.id(), role.wireName());
          } catch (RuntimeException e) {
            if (UniqueViolation.in(e).isPresent()) {
              throw ApiException.conflict("token", "you are already a member of this organization");
            }
            throw e;
          }
          audit.record(
              invitation.orgId(),
              new Actor(member.id(), null, ip),
              "member.add",
              member.id().toString(),
              Map.of("role", role.wireName(), "via", "invitation " + invitation.id()));
          OrganizationRow org = organizations.findById(invitation.orgId()).orElseThrow();
          SignIn.SignedIn signedIn =
              toCreate == null ? null : signIn.startSession(member.id(), member, ip, userAgent);
          return new Accepted(
              member, new Organization(org.id(), org.slug(), org.name(), role), signedIn);
        });
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("no invitation " + id);
    }
  }
}
