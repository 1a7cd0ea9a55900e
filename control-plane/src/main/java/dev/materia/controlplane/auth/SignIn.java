package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.Actor;
import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.audit.AuditLog;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Password sign-in and sign-out. Passwords are checked outside any transaction (Argon2id is slow on
 * purpose); unknown emails cost the same time as known ones, and failures feed the {@link
 * LoginThrottle}.
 */
@Singleton
public final class SignIn {
  private final UserRepository users;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Sessions sessions;
  private final AuditLog audit;
  private final TenantTransactions transactions;

  SignIn(
      UserRepository users,
      PasswordHasher hasher,
      LoginThrottle throttle,
      Sessions sessions,
      AuditLog audit,
      TenantTransactions transactions) {
    this.users = users;
    this.hasher = hasher;
    this.throttle = throttle;
    this.sessions = sessions;
    this.audit = audit;
    this.transactions = transactions;
  }

  /** A successful sign-in: who, and the session for the cookie. */
  public record SignedIn(Account account, Sessions.Issued session) {}

  public SignedIn login(
      @Nullable String email, @Nullable String password, String ip, @Nullable String userAgent) {
    if (email == null || email.isBlank()) {
      throw ApiException.invalid("email", "email is required");
    }
    if (password == null || password.isEmpty()) {
      throw ApiException.invalid("password", "password is required");
    }
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    Optional<UserRow> user =
        transactions.run(
            TenantContext.none(),
            () -> {
              throttle.check(normalized, ip);
              return users.findByEmail(normalized);
            });
    boolean matches;
    if (user.isPresent()) {
      matches = hasher.verify(password, user.get().passwordHash());
    } else {
      hasher.verifyDecoy(password);
      matches = false;
    }
    if (!matches) {
      transactions.execute(
          user.map(u -> TenantContext.user(u.id())).orElse(TenantContext.none()),
          () -> {
            throttle.recordFailure(normalized, ip);
            user.ifPresent(
                u ->
                    audit.recordAccountEvent(
                        new Actor(u.id(), null, ip), "auth.sign_in_failed", Map.of()));
          });
      throw ApiException.unauthenticated("invalid_credentials", "the email or password is wrong");
    }
    UserRow row = user.get();
    String rehashed = hasher.needsRehash(row.passwordHash()) ? hasher.hash(password) : null;
    return transactions.run(
        TenantContext.user(row.id()),
        () -> {
          throttle.succeeded(normalized, ip);
          if (rehashed != null) {
            users.updatePasswordHash(row.id(), rehashed);
          }
          return startSession(row.id(), Account.of(row), ip, userAgent);
        });
  }

  /**
   * Starts a session for an account that just proved who it is (sign-up, accepted invitation); call
   * inside a transaction scoped to that user.
   */
  public SignedIn startSession(
      UUID userId, Account account, String ip, @Nullable String userAgent) {
    Sessions.Issued session = sessions.start(userId, ip, userAgent);
    audit.recordAccountEvent(
        new Actor(userId, null, ip),
        "auth.sign_in",
        Map.of("session", session.sessionId().toString()));
    return new SignedIn(account, session);
  }

  /** Ends the caller's console session at once; a token caller has none, so nothing happens. */
  public void logout(UserCaller caller) {
    if (caller.sessionId() == null) {
      return;
    }
    transactions.execute(
        TenantContext.user(caller.userId()),
        () -> {
          sessions.end(caller.sessionId());
          audit.recordAccountEvent(
              new Actor(caller.userId(), null, caller.ip()),
              "auth.sign_out",
              Map.of("session", caller.sessionId().toString()));
        });
  }
}
