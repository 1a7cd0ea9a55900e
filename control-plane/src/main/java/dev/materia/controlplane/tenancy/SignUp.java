package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.Actor;
import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.auth.Account;
import dev.materia.controlplane.auth.Accounts;
import dev.materia.controlplane.auth.SignIn;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Self-service sign-up: a new account, a new organization it owns (with {@code prod}) and a
 * session, in one transaction. {@code materia.signup.enabled=false} makes the server invite-only.
 */
@Singleton
public final class SignUp {
  private final boolean enabled;
  private final Accounts accounts;
  private final Provisioning provisioning;
  private final SignIn signIn;
  private final TenantTransactions transactions;

  SignUp(
      @Property(name = "materia.signup.enabled", defaultValue = "true") boolean enabled,
      Accounts accounts,
      Provisioning provisioning,
      SignIn signIn,
      TenantTransactions transactions) {
    this.enabled = enabled;
    this.accounts = accounts;
    this.provisioning = provisioning;
    this.signIn = signIn;
    this.transactions = transactions;
  }

  /** The new account's session and organization. */
  public record SignedUp(SignIn.SignedIn signedIn, Organization organization) {}

  public SignedUp signUp(
      @Nullable String email,
      @Nullable String password,
      @Nullable String name,
      @Nullable String organization,
      String ip,
      @Nullable String userAgent) {
    if (!enabled) {
      throw ApiException.forbidden(
          "signup_disabled",
          "sign-up is turned off on this server; ask an organization admin for an invitation");
    }
    Accounts.NewAccount account = accounts.prepare(email, name, password);
    String orgName = Accounts.requireName(organization, "organization");
    String slug = Provisioning.slugOf(orgName, "organization");
    UUID orgId = UUID.randomUUID();
    return transactions.run(
        TenantContext.org(orgId, account.id()),
        () -> {
          Account created = accounts.insert(account);
          Organization org =
              provisioning.createOrganization(
                  orgId,
                  slug,
                  orgName,
                  created.id(),
                  new Actor(created.id(), null, ip),
                  "organization");
          return new SignedUp(signIn.startSession(created.id(), created, ip, userAgent), org);
        });
  }
}
