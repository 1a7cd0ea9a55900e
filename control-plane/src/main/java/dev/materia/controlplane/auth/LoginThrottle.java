package dev.materia.controlplane.auth;

import dev.materia.controlplane.api.ApiException;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Slows password guessing without handing anyone a way to lock others out (OWASP ASVS 4 2.2.1):
 *
 * <ul>
 *   <li>{@code materia.login.max-failures-per-account-and-address} (default 5) failures for one
 *       account from one client address lock that pair only: the owner still signs in from any
 *       other address.
 *   <li>{@code max-failures-per-address} (default 50) failures from one address, across accounts,
 *       lock that address.
 *   <li>{@code max-failures-per-account} (default 100) failures for one account, which the pair
 *       limit means come from many addresses, lock the account for addresses that never signed in
 *       to it; an address the owner signed in from before still works.
 * </ul>
 *
 * Failures count within {@code window} (default 15m); a 429 carries {@code Retry-After}. Counts and
 * known addresses live in PostgreSQL, so every replica sees them. A success clears its own pair's
 * count and remembers the address for the account for 90 days.
 */
@Singleton
final class LoginThrottle {
  /** How long an address the owner signed in from stays exempt from the account-wide lock. */
  static final Duration KNOWN_FOR = Duration.ofDays(90);

  private final LoginFailureRepository failures;
  private final int maxPerPair;
  private final int maxPerAddress;
  private final int maxPerAccount;
  private final Duration window;

  LoginThrottle(
      LoginFailureRepository failures,
      @Property(name = "materia.login.max-failures-per-account-and-address", defaultValue = "5")
          int maxPerPair,
      @Property(name = "materia.login.max-failures-per-address", defaultValue = "50")
          int maxPerAddress,
      @Property(name = "materia.login.max-failures-per-account", defaultValue = "100")
          int maxPerAccount,
      @Property(name = "materia.login.window", defaultValue = "15m") Duration window) {
    this.failures = failures;
    this.maxPerPair = maxPerPair;
    this.maxPerAddress = maxPerAddress;
    this.maxPerAccount = maxPerAccount;
    this.window = window;
  }

  /** Refuses with 429 when this attempt's pair, address or account has failed too often. */
  void check(String email, String ip) {
    double seconds = window.toSeconds();
    if (failures.countForPair(email, ip, seconds) >= maxPerPair) {
      throw tooMany("too many failed sign-ins to this account from this address; try again");
    }
    if (failures.countForIp(ip, seconds) >= maxPerAddress) {
      throw tooMany("too many failed sign-ins from this address; try again");
    }
    if (failures.countForEmail(email, seconds) >= maxPerAccount
        && !failures.isKnownAddress(email, ip, KNOWN_FOR.toSeconds())) {
      throw tooMany(
          "too many failed sign-ins to this account from many addresses; sign in from an address"
              + " you used before, or try again");
    }
  }

  void recordFailure(String email, String ip) {
    failures.prune(window.toSeconds() * 2.0);
    failures.record(email, ip);
  }

  /** The right password from {@code ip}: its own failures go, and the address becomes known. */
  void succeeded(String email, String ip) {
    failures.clearPair(email, ip);
    failures.forgetAddresses(email, KNOWN_FOR.toSeconds());
    failures.remember(email, ip);
  }

  private ApiException tooMany(String what) {
    return ApiException.tooManyRequests(what + " in " + window.toMinutes() + " minutes", window);
  }
}
