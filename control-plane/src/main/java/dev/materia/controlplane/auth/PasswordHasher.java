package dev.materia.controlplane.auth;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (m = 19 MiB, t = 2, p = 1, as OWASP recommends), stored in the PHC
 * string format {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} so the parameters can be raised
 * later without breaking stored hashes.
 */
@Singleton
public final class PasswordHasher {
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();
  // Each hash takes 19 MiB; bounding concurrency keeps a burst of sign-ins from exhausting memory.
  private final Semaphore permits =
      new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
  private volatile String decoy;

  /** A new salted hash of {@code password}. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(
            MEMORY_KIB,
            ITERATIONS,
            PARALLELISM,
            B64.encodeToString(salt),
            B64.encodeToString(hash));
  }

  /** Whether {@code password} matches {@code encoded}; false for anything unreadable. */
  public boolean verify(String password, String encoded) {
    String[] parts = encoded.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int memory = 0;
      int iterations = 0;
      int parallelism = 0;
      for (String parameter : parts[3].split(",")) {
        int value = Integer.parseInt(parameter.substring(2));
        switch (parameter.charAt(0)) {
          case 'm' -> memory = value;
          case 't' -> iterations = value;
          case 'p' -> parallelism = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64_DECODER.decode(parts[4]);
      byte[] expected = B64_DECODER.decode(parts[5]);
      byte[] actual = argon2(password, salt, memory, iterations, parallelism, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  /**
   * Whether {@code encoded} was made with other parameters than today's, so it should be redone.
   */
  public boolean needsRehash(String encoded) {
    return !encoded.startsWith(
        "$argon2id$v=19$m=%d,t=%d,p=%d$".formatted(MEMORY_KIB, ITERATIONS, PARALLELISM));
  }

  /**
   * Spends the same time as a real check, for sign-ins to unknown accounts, so response times do
   * not tell which emails have accounts.
   */
  public void verifyDecoy(String password) {
    String current = decoy;
    if (current == null) {
      current = hash("decoy password that no account has");
      decoy = current;
    }
    verify(password, current);
  }

  private byte[] argon2(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    permits.acquireUninterruptibly();
    try {
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    } finally {
      permits.release();
    }
    return out;
  }
}
