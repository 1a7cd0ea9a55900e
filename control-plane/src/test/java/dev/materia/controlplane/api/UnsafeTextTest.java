package dev.materia.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnsafeTextTest {
  @Test
  void nulAndUnpairedSurrogatesAreUnsafeAndAPairIsNot() {
    assertThat(UnsafeText.isUnsafe("a\u0000b")).isTrue();
    assertThat(UnsafeText.isUnsafe("a\ud800b")).isTrue();
    assertThat(UnsafeText.isUnsafe("a\udc00")).isTrue();
    assertThat(UnsafeText.isUnsafe("smile \ud83d\ude00")).isFalse();
    assertThat(UnsafeText.isUnsafe("plain é ✓")).isFalse();
  }

  @Test
  void repairingJsonReplacesOnlyUnsafeEscapesAndKeepsTheLength() {
    String json = "{\"m\":\"a\\u0000b \\uD800 \\ud83d\\ude00 \\\\u0000 \\u001b\"}";

    UnsafeText.Repaired repaired = UnsafeText.repairJson(json);

    assertThat(repaired.replaced()).isEqualTo(2);
    assertThat(repaired.json())
        .hasSameSizeAs(json)
        .isEqualTo("{\"m\":\"a\\ufffdb \\ufffd \\ud83d\\ude00 \\\\u0000 \\u001b\"}");
  }

  @Test
  void jsonWithoutEscapesIsReturnedAsIs() {
    String json = "{\"m\":\"nothing to see\"}";

    assertThat(UnsafeText.repairJson(json).json()).isSameAs(json);
  }

  @Test
  void theByteScanFindsEveryUnsafeEscapeAndEncodedSurrogate() {
    assertThat(UnsafeText.mayHoldUnsafe(bytes("{\"a\":\"x\\u0000\"}"))).isTrue();
    assertThat(UnsafeText.mayHoldUnsafe(bytes("{\"a\":\"x\\uDBFF\"}"))).isTrue();
    assertThat(UnsafeText.mayHoldUnsafe(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80}))
        .isTrue();
    assertThat(UnsafeText.mayHoldUnsafe(bytes("{\"a\":\"x\\u001b é\"}"))).isFalse();
  }

  @Test
  void repairReplacesEachUnsafeCharacter() {
    assertThat(UnsafeText.repair("a\u0000b\ud800 \ud83d\ude00"))
        .isEqualTo("a\uFFFDb\uFFFD \ud83d\ude00");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
