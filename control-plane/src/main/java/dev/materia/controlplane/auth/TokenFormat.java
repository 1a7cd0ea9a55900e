package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.TokenKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The shape of every secret token: a kind prefix ({@code mtu_}, {@code mta_}, {@code mtr_}, {@code
 * mti_}), 30 random base62 characters (about 178 bits), then 6 base62 characters holding the CRC32
 * of everything before them, zero-padded. Secret scanners can check the checksum offline, and the
 * server rejects a mistyped token before touching the database.
 *
 * <pre>{@code
 * mtu_ + 30 random base62 characters + 6 checksum characters = 40 characters
 * }</pre>
 */
public final class TokenFormat {
  static final int RANDOM_LENGTH = 30;
  static final int CHECKSUM_LENGTH = 6;
  static final int LENGTH = 4 + RANDOM_LENGTH + CHECKSUM_LENGTH;
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private TokenFormat() {}

  /** A new token of {@code kind}. */
  public static String generate(TokenKind kind, SecureRandom random) {
    Objects.requireNonNull(kind, "kind == null");
    StringBuilder token = new StringBuilder(LENGTH).append(kind.prefix());
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      // nextInt(62) is uniform, so every character carries log2(62) bits.
      token.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    return token.append(checksum(token)).toString();
  }

  /** The kind of a well-formed token with a valid checksum, or empty for anything else. */
  public static Optional<TokenKind> parse(String token) {
    if (token == null || token.length() != LENGTH) {
      return Optional.empty();
    }
    TokenKind kind = null;
    for (TokenKind candidate : TokenKind.values()) {
      if (token.startsWith(candidate.prefix())) {
        kind = candidate;
      }
    }
    if (kind == null) {
      return Optional.empty();
    }
    for (int i = 4; i < LENGTH; i++) {
      if (BASE62.indexOf(token.charAt(i)) < 0) {
        return Optional.empty();
      }
    }
    String expected = checksum(token.substring(0, LENGTH - CHECKSUM_LENGTH));
    return expected.equals(token.substring(LENGTH - CHECKSUM_LENGTH))
        ? Optional.of(kind)
        : Optional.empty();
  }

  /** The SHA-256 of the whole token: the only form the database ever holds. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The first characters of a token, safe to show in lists so people can tell tokens apart. */
  public static String displayPrefix(String token) {
    return token.substring(0, 8);
  }

  static String checksum(CharSequence text) {
    CRC32 crc = new CRC32();
    crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] digits = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(digits);
  }
}
