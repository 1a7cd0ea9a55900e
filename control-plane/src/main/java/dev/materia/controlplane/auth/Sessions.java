package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.UserCaller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Console sessions: a row in {@code sessions} (revocable at once, absolute lifetime {@code
 * max-age}) plus a short-lived JWT naming it in the {@code __Host-materia-session} cookie (the idle
 * timeout). Every request checks the row, so signing out or revoking takes effect at once.
 */
@Singleton
public final class Sessions {
  private final SessionRepository repository;
  private final SessionJwt jwt;
  private final SessionSettings settings;
  private final TenantTransactions transactions;

  Sessions(
      SessionRepository repository,
      SessionJwt jwt,
      SessionSettings settings,
      TenantTransactions transactions) {
    this.repository = repository;
    this.jwt = jwt;
    this.settings = settings;
    this.transactions = transactions;
  }

  /** A session just started or renewed: the JWT for the cookie and how long the cookie lives. */
  public record Issued(UUID sessionId, String jwt, Instant sessionExpiresAt) {}

  /** The outcome of checking a session cookie. */
  sealed interface Check {
    record Valid(UserCaller caller, @Nullable Issued renewed) implements Check {}

    record Invalid(String code, String message) implements Check {}
  }

  /** Starts a session for {@code userId}; call inside a transaction. */
  public Issued start(UUID userId, String ip, @Nullable String userAgent) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    UUID id = UUID.randomUUID();
    Instant expiresAt = now.plus(settings.maxAge());
    repository.save(
        new SessionRow(id, userId, now, expiresAt, now, null, ip, truncate(userAgent, 500)));
    return new Issued(id, jwt.issue(userId, id, now, idleExpiry(now, expiresAt)), expiresAt);
  }

  /** Checks a cookie value against its session row, in a transaction of its own. */
  Check check(String cookieValue, String ip) {
    Optional<SessionJwt.Claims> read = jwt.read(cookieValue);
    if (read.isEmpty()) {
      return new Check.Invalid("invalid_session", "the session cookie is not valid; sign in again");
    }
    SessionJwt.Claims claims = read.get();
    Instant now = Instant.now();
    if (!claims.expiresAt().isAfter(now)) {
      return new Check.Invalid("session_expired", "the session timed out; sign in again");
    }
    return transactions.run(TenantContext.none(), () -> checkRow(claims, now, ip));
  }

  private Check checkRow(SessionJwt.Claims claims, Instant now, String ip) {
    Optional<SessionRow> row = repository.findById(claims.sessionId());
    if (row.isEmpty() || !row.get().userId().equals(claims.userId())) {
      return new Check.Invalid("invalid_session", "the session cookie is not valid; sign in again");
    }
    SessionRow session = row.get();
    if (session.revokedAt() != null) {
      return new Check.Invalid("session_revoked", "this session was signed out; sign in again");
    }
    if (!session.expiresAt().isAfter(now)) {
      return new Check.Invalid("session_expired", "the session ended; sign in again");
    }
    repository.touch(session.id());
    Issued renewed = null;
    Duration left = Duration.between(now, claims.expiresAt());
    if (left.compareTo(settings.idleTimeout().dividedBy(2)) < 0) {
      Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
      renewed =
          new Issued(
              session.id(),
              jwt.issue(
                  session.userId(),
                  session.id(),
                  issuedAt,
                  idleExpiry(issuedAt, session.expiresAt())),
              session.expiresAt());
    }
    return new Check.Valid(UserCaller.session(session.userId(), session.id(), ip), renewed);
  }

  /** Ends a session at once; call inside a transaction. */
  public void end(UUID sessionId) {
    repository.revoke(sessionId);
  }

  /**
   * The cookies that carry {@code issued}: the session cookie (HttpOnly, Secure, SameSite=Lax,
   * Path=/) and its readable companion {@code materia-signed-in=1}, which holds no secret and lives
   * as long, so the console asks {@code /api/v1/me} only while a session may exist.
   */
  public Set<Cookie> cookies(Issued issued) {
    long seconds =
        Math.max(0, Duration.between(Instant.now(), issued.sessionExpiresAt()).toSeconds());
    return inOrder(
        baseCookie(settings.cookieName(), issued.jwt()).httpOnly(true).maxAge(seconds),
        baseCookie(settings.signedInCookieName(), "1").maxAge(seconds));
  }

  /** Cookies that make the browser forget the session cookie and its companion. */
  public Set<Cookie> clearedCookies() {
    return inOrder(
        baseCookie(settings.cookieName(), "").httpOnly(true).maxAge(0),
        baseCookie(settings.signedInCookieName(), "").maxAge(0));
  }

  public String cookieName() {
    return settings.cookieName();
  }

  public String signedInCookieName() {
    return settings.signedInCookieName();
  }

  /** The session cookie first, so a client that keeps only the first Set-Cookie keeps it. */
  private static Set<Cookie> inOrder(Cookie session, Cookie signedIn) {
    Set<Cookie> cookies = new java.util.LinkedHashSet<>();
    cookies.add(session);
    cookies.add(signedIn);
    return cookies;
  }

  private Cookie baseCookie(String name, String value) {
    return Cookie.of(name, value).secure(settings.secureCookie()).sameSite(SameSite.Lax).path("/");
  }

  private Instant idleExpiry(Instant from, Instant sessionExpiresAt) {
    Instant idle = from.plus(settings.idleTimeout());
    return idle.isBefore(sessionExpiresAt) ? idle : sessionExpiresAt;
  }

  private static @Nullable String truncate(@Nullable String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
