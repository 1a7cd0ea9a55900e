package dev.materia.controlplane.auth;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How console sessions behave ({@code materia.session.*}).
 *
 * <ul>
 *   <li>{@code idle-timeout} (30m): the JWT's lifetime; each request in its second half renews it.
 *   <li>{@code max-age} (12h): the session row's absolute lifetime.
 *   <li>{@code secret}: base64 of at least 32 bytes that signs the JWTs; every replica needs the
 *       same one. Unset means a random one per process, so sessions end on restart.
 *   <li>{@code secure-cookie} (true): the cookie is {@code __Host-materia-session}, Secure.
 *       Browsers accept Secure cookies from {@code http://localhost}; set false only for a
 *       plain-HTTP host other than localhost, which drops the {@code __Host-} prefix too.
 * </ul>
 */
@Singleton
public final class SessionSettings {
  private static final Logger LOG = LoggerFactory.getLogger(SessionSettings.class);
  static final String SECURE_COOKIE_NAME = "__Host-materia-session";
  static final String PLAIN_COOKIE_NAME = "materia-session";
  static final String SECURE_SIGNED_IN_NAME = "__Host-materia-signed-in";
  static final String PLAIN_SIGNED_IN_NAME = "materia-signed-in";

  private final Duration idleTimeout;
  private final Duration maxAge;
  private final byte[] secret;
  private final boolean secureCookie;

  SessionSettings(
      @Property(name = "materia.session.idle-timeout", defaultValue = "30m") Duration idleTimeout,
      @Property(name = "materia.session.max-age", defaultValue = "12h") Duration maxAge,
      @Property(name = "materia.session.secret") @Nullable String secret,
      @Property(name = "materia.session.secure-cookie", defaultValue = "true")
          boolean secureCookie) {
    this.idleTimeout = idleTimeout;
    this.maxAge = maxAge;
    this.secureCookie = secureCookie;
    this.secret = decode(secret);
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public Duration maxAge() {
    return maxAge;
  }

  byte[] secret() {
    return secret.clone();
  }

  public boolean secureCookie() {
    return secureCookie;
  }

  /** The session cookie's name; the {@code __Host-} prefix requires Secure, so it follows it. */
  public String cookieName() {
    return secureCookie ? SECURE_COOKIE_NAME : PLAIN_COOKIE_NAME;
  }

  /** The readable companion of the session cookie, named by the same rule. */
  public String signedInCookieName() {
    return secureCookie ? SECURE_SIGNED_IN_NAME : PLAIN_SIGNED_IN_NAME;
  }

  private static byte[] decode(@Nullable String configured) {
    if (configured == null || configured.isBlank()) {
      LOG.warn(
          "materia.session.secret is not set: using a random one, so console sessions end when"
              + " this process stops and do not work across replicas");
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      return random;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(configured.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "materia.session.secret must be base64, for example the output of `openssl rand"
              + " -base64 32`",
          e);
    }
    if (decoded.length < 32) {
      throw new IllegalStateException(
          "materia.session.secret decodes to "
              + decoded.length
              + " bytes; it needs at least 32 (`openssl rand -base64 32`)");
    }
    return decoded;
  }
}
