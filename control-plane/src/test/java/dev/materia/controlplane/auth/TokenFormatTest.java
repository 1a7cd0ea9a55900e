package dev.materia.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.access.TokenKind;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenFormatTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void generatesPrefixThirtyRandomBase62CharactersAndSixChecksumCharacters() {
    for (TokenKind kind : TokenKind.values()) {
      String token = TokenFormat.generate(kind, random);
      assertThat(token)
          .hasSize(40)
          .startsWith(kind.prefix())
          .matches(kind.prefix() + "[0-9A-Za-z]{36}");
      assertThat(TokenFormat.parse(token)).contains(kind);
    }
  }

  @Test
  void carriesAtLeast128RandomBits() {
    assertThat(TokenFormat.RANDOM_LENGTH * Math.log(62) / Math.log(2)).isGreaterThan(128);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(TokenFormat.generate(TokenKind.USER, random))).isTrue();
    }
  }

  @Test
  void checksumIsTheCrc32OfEverythingBeforeItInBase62() {
    String token = TokenFormat.generate(TokenKind.AGENT, random);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(token.substring(0, 34).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    long decoded = 0;
    for (char c : token.substring(34).toCharArray()) {
      decoded =
          decoded * 62
              + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".indexOf(c);
    }
    assertThat(decoded).isEqualTo(crc.getValue());
  }

  @Test
  void rejectsEverySingleCharacterTypo() {
    String token = TokenFormat.generate(TokenKind.USER, random);
    for (int i = 4; i < token.length(); i++) {
      char replacement = token.charAt(i) == 'a' ? 'b' : 'a';
      String typo = token.substring(0, i) + replacement + token.substring(i + 1);
      assertThat(TokenFormat.parse(typo)).as("typo at %d", i).isEmpty();
    }
  }

  @Test
  void rejectsUnknownPrefixesWrongLengthsAndForeignCharacters() {
    String token = TokenFormat.generate(TokenKind.USER, random);
    assertThat(TokenFormat.parse("mtx_" + token.substring(4))).isEmpty();
    assertThat(TokenFormat.parse(token + "0")).isEmpty();
    assertThat(TokenFormat.parse(token.substring(0, 39))).isEmpty();
    assertThat(TokenFormat.parse(token.substring(0, 20) + "-" + token.substring(21))).isEmpty();
    assertThat(TokenFormat.parse("")).isEmpty();
    assertThat(TokenFormat.parse(null)).isEmpty();
  }

  @Test
  void hashesWithSha256AndShowsOnlyAShortPrefix() {
    String token = TokenFormat.generate(TokenKind.RUN, random);
    assertThat(TokenFormat.sha256(token)).hasSize(32).isEqualTo(TokenFormat.sha256(token));
    assertThat(TokenFormat.displayPrefix(token)).hasSize(8).startsWith("mtr_");
  }
}
