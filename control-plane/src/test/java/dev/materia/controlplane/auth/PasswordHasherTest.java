package dev.materia.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashesWithArgon2idAtTheOwaspParametersInPhcFormat() {
    String hash = hasher.hash("correct horse battery staple");

    assertThat(hash)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hasher.needsRehash(hash)).isFalse();
  }

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = hasher.hash("correct horse battery staple");

    assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    assertThat(hasher.verify("correct horse battery stapler", hash)).isFalse();
    assertThat(hasher.verify("", hash)).isFalse();
  }

  @Test
  void saltsEachHash() {
    assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
  }

  @Test
  void treatsUnreadableHashesAsNoMatchAndOlderParametersAsNeedingARehash() {
    assertThat(hasher.verify("x", "not a hash")).isFalse();
    assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
    assertThat(hasher.needsRehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA")).isTrue();
  }
}
