package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StalenessTest {
  private static final Instant T = Instant.parse("2024-02-01T10:00:00Z");

  private static Staleness.Recorded read(String codeVersion, Map<String, String> inputs) {
    return new Staleness.Recorded(T, codeVersion, inputs);
  }

  @Test
  void neverMaterializedIsMissingWithoutCauses() {
    assertThat(Staleness.of(null, "v1", List.of("up"), Map.of("up", "d1"), Map.of("up", T)))
        .isEqualTo(new Staleness.Assessment(Staleness.MISSING, List.of()));
  }

  @Test
  void anUpstreamRematerializedWithTheSameDataKeepsItUpToDate() {
    // the upstream ran again an hour later, but its data version is the one this asset read
    assertThat(
            Staleness.of(
                read("1", Map.of("raw_sales_data", "d1")),
                "1",
                List.of("raw_sales_data"),
                Map.of("raw_sales_data", "d1"),
                Map.of("raw_sales_data", T.plusSeconds(3600))))
        .isEqualTo(new Staleness.Assessment(Staleness.UP_TO_DATE, List.of()));
  }

  @Test
  void anUpstreamWithANewDataVersionMakesItStaleAndSaysWhich() {
    assertThat(
            Staleness.of(
                read("1", Map.of("raw_sales_data", "d1")),
                "1",
                List.of("raw_sales_data"),
                Map.of("raw_sales_data", "d2"),
                Map.of("raw_sales_data", T.plusSeconds(1))))
        .isEqualTo(
            new Staleness.Assessment(
                Staleness.STALE, List.of("upstream raw_sales_data has a newer data version")));
  }

  @Test
  void aPartitionOfAPartitionedInputIsComparedByItsOwnSlot() {
    Staleness.Recorded recorded =
        read(null, Map.of("daily[2024-01-01]", "a", "daily[2024-01-02]", "b"));
    Map<String, String> current = Map.of("daily[2024-01-01]", "a", "daily[2024-01-02]", "c");

    assertThat(Staleness.of(recorded, null, List.of("daily"), current, Map.of()).causes())
        .containsExactly("upstream daily[2024-01-02] has a newer data version");
    assertThat(Staleness.assetOf("daily[2024-01-02]")).isEqualTo("daily");
    assertThat(Staleness.partitionOf("daily[2024-01-02]")).isEqualTo("2024-01-02");
    assertThat(Staleness.partitionOf("daily")).isEmpty();
  }

  @Test
  void anUpstreamWhoseVersionWasNotRecordedCountsWhenMaterializedLater() {
    assertThat(Staleness.of(read("v1", Map.of()), "v1", List.of("up"), Map.of(), Map.of("up", T)))
        .extracting(Staleness.Assessment::staleness)
        .isEqualTo(Staleness.UP_TO_DATE);
    assertThat(
            Staleness.of(
                read("v1", Map.of()),
                "v1",
                List.of("up"),
                Map.of(),
                Map.of("up", T.plusSeconds(1))))
        .isEqualTo(
            new Staleness.Assessment(
                Staleness.STALE, List.of("upstream up was materialized after it")));
  }

  @Test
  void aChangedCodeVersionMakesItStaleButAMissingOneDoesNot() {
    assertThat(Staleness.of(read("1", Map.of()), "2", List.of(), Map.of(), Map.of()))
        .isEqualTo(new Staleness.Assessment(Staleness.STALE, List.of("code version 2 ≠ 1")));
    assertThat(Staleness.of(read(null, Map.of()), "2", List.of(), Map.of(), Map.of()).staleness())
        .isEqualTo(Staleness.UP_TO_DATE);
    assertThat(Staleness.of(read("1", Map.of()), null, List.of(), Map.of(), Map.of()).staleness())
        .isEqualTo(Staleness.UP_TO_DATE);
  }
}
