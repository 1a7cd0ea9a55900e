package dev.materia.controlplane.auth;

import dev.materia.controlplane.api.ApiException;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Slows password guessing: after {@code materia.login.max-failures-per-account} failed sign-ins to
 * one account (default 5), or {@code max-failures-per-address} from one client address (default
 * 50), within {@code window} (default 15m), sign-in answers 429 until the window moves on. Counts
 * live in PostgreSQL, so every replica sees them. A success clears the account's count.
 */
@Singleton
final class LoginThrottle {
  private final LoginFailureRepository failures;
  private final int maxPerAccount;
  private final int maxPerAddress;
  private final Duration window;

  LoginThrottle(
      LoginFailureRepository failures,
      @Property(name = "materia.login.max-failures-per-account", defaultValue = "5")
          int maxPerAccount,
      @Property(name = "materia.login.max-failures-per-address", defaultValue = "50")
          int maxPerAddress,
      @Property(name = "materia.login.window", defaultValue = "15m") Duration window) {
    this.failures = failures;
    this.maxPerAccount = maxPerAccount;
    this.maxPerAddress = maxPerAddress;
    this.window = window;
  }

  /**
   * Refuses with 429 when the account or the address has failed too often; call in a transaction.
   */
  void check(String email, String ip) {
    double seconds = window.toSeconds();
    if (failures.countForEmail(email, seconds) >= maxPerAccount) {
      throw ApiException.tooManyRequests(
          "too many failed sign-ins to this account; try again in "
              + window.toMinutes()
              + " minutes",
          window);
    }
    if (failures.countForIp(ip, seconds) >= maxPerAddress) {
      throw ApiException.tooManyRequests(
          "too many failed sign-ins from this address; try again in "
              + window.toMinutes()
              + " minutes",
          window);
    }
  }

  void recordFailure(String email, String ip) {
    failures.prune(window.toSeconds() * 2.0);
    failures.record(email, ip);
  }

  void clear(String email) {
    failures.clear(email);
  }
}
