package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StalenessTest {
  private static final Instant T = Instant.parse("2024-02-01T10:00:00Z");

  @Test
  void neverMaterializedIsMissing() {
    assertThat(Staleness.of(null, null, "v1", T)).isEqualTo(Staleness.MISSING);
  }

  @Test
  void anUpstreamMaterializedLaterMakesItStale() {
    assertThat(Staleness.of(T, "v1", "v1", T.plusSeconds(1))).isEqualTo(Staleness.STALE);
    assertThat(Staleness.of(T, "v1", "v1", T)).isEqualTo(Staleness.UP_TO_DATE);
    assertThat(Staleness.of(T, "v1", "v1", T.minusSeconds(1))).isEqualTo(Staleness.UP_TO_DATE);
  }

  @Test
  void aChangedCodeVersionMakesItStaleButAMissingOneDoesNot() {
    assertThat(Staleness.of(T, "v1", "v2", null)).isEqualTo(Staleness.STALE);
    assertThat(Staleness.of(T, null, "v2", null)).isEqualTo(Staleness.UP_TO_DATE);
    assertThat(Staleness.of(T, "v1", null, null)).isEqualTo(Staleness.UP_TO_DATE);
  }
}
