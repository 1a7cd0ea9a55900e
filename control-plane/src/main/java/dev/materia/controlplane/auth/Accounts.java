package dev.materia.controlplane.auth;

import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.UniqueViolation;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * People's accounts: checked input, hashed passwords. Hashing is slow on purpose, so {@link
 * #prepare} runs before a transaction opens and {@link #insert} inside it.
 */
@Singleton
public final class Accounts {
  public static final int MIN_PASSWORD_LENGTH = 10;
  public static final int MAX_PASSWORD_LENGTH = 256;
  // Accepts dev@localhost as well as name@example.com: a mailbox, an @, a host.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.][^@\\s]{0,188}$");

  private final UserRepository users;
  private final PasswordHasher hasher;

  Accounts(UserRepository users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  /** An account checked and hashed, ready to {@link #insert}. */
  public record NewAccount(UUID id, String email, String name, String passwordHash) {}

  /** Checks every field and hashes the password; throws a 400 naming the first bad field. */
  public NewAccount prepare(String email, String name, String password) {
    String normalized = normalizeEmail(email, "email");
    String trimmedName = requireName(name, "name");
    requirePassword(password, normalized);
    return new NewAccount(UUID.randomUUID(), normalized, trimmedName, hasher.hash(password));
  }

  /** Stores {@code account}; a 409 naming {@code email} if that address has an account. */
  public Account insert(NewAccount account) {
    try {
      return Account.of(
          users.save(
              new UserRow(
                  account.id(),
                  account.email(),
                  account.name(),
                  account.passwordHash(),
                  Instant.now())));
    } catch (RuntimeException e) {
      if (UniqueViolation.in(e).isPresent()) {
        throw ApiException.conflict(
            "email", "an account with email " + account.email() + " exists; sign in instead");
      }
      throw e;
    }
  }

  public Optional<Account> findByEmail(String email) {
    return users.findByEmail(email.trim().toLowerCase(Locale.ROOT)).map(Account::of);
  }

  public Optional<Account> find(UUID id) {
    return users.findById(id).map(Account::of);
  }

  /** Checks {@code password} like a sign-up's and hashes it; call before the transaction. */
  public String hashPassword(String password, String email) {
    requirePassword(password, email);
    return hasher.hash(password);
  }

  /** Replaces a password hash made by {@link #hashPassword}. */
  public void updatePasswordHash(UUID userId, String hash) {
    users.updatePasswordHash(userId, hash);
  }

  /** Lower-cased, trimmed address; a 400 naming {@code field} if it does not look like one. */
  public static String normalizeEmail(String email, String field) {
    if (email == null || email.isBlank()) {
      throw ApiException.invalid(field, field + " is required, like name@example.com");
    }
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
      throw ApiException.invalid(
          field, field + " '" + abbreviate(email) + "' is not an address like name@example.com");
    }
    return normalized;
  }

  /** A trimmed display name of 1 to 200 characters. */
  public static String requireName(String name, String field) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid(field, field + " is required");
    }
    String trimmed = name.trim();
    if (trimmed.length() > 200) {
      throw ApiException.invalid(field, field + " is longer than 200 characters");
    }
    return trimmed;
  }

  static void requirePassword(String password, String email) {
    if (password == null || password.isEmpty()) {
      throw ApiException.invalid("password", "password is required");
    }
    if (password.length() < MIN_PASSWORD_LENGTH) {
      throw ApiException.invalid(
          "password", "password needs at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.length() > MAX_PASSWORD_LENGTH) {
      throw ApiException.invalid(
          "password", "password may have at most " + MAX_PASSWORD_LENGTH + " characters");
    }
    if (password.equalsIgnoreCase(email)) {
      throw ApiException.invalid("password", "password must not be the email address");
    }
  }

  static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
