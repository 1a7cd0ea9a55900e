package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreshnessTest {
  private static final Instant T = Instant.parse("2024-02-01T10:00:00Z");

  @Test
  void neverMaterializedIsMissing() {
    assertThat(Freshness.of(null, null, "v1", T)).isEqualTo(Freshness.MISSING);
  }

  @Test
  void anUpstreamMaterializedLaterMakesItStale() {
    assertThat(Freshness.of(T, "v1", "v1", T.plusSeconds(1))).isEqualTo(Freshness.STALE);
    assertThat(Freshness.of(T, "v1", "v1", T)).isEqualTo(Freshness.FRESH);
    assertThat(Freshness.of(T, "v1", "v1", T.minusSeconds(1))).isEqualTo(Freshness.FRESH);
  }

  @Test
  void aChangedCodeVersionMakesItStaleButAMissingOneDoesNot() {
    assertThat(Freshness.of(T, "v1", "v2", null)).isEqualTo(Freshness.STALE);
    assertThat(Freshness.of(T, null, "v2", null)).isEqualTo(Freshness.FRESH);
    assertThat(Freshness.of(T, "v1", null, null)).isEqualTo(Freshness.FRESH);
  }
}
