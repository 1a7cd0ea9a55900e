package dev.materia.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.snapshot.PartitionDimensionSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.controlplane.api.ApiException;
import dev.materia.sdk.PartitionsDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules of {@link LaunchPartitions}, at a fixed now of 2024-03-01T12:00Z. */
class LaunchPartitionsCheckTest {
  private final LaunchPartitions partitions =
      new LaunchPartitions(Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC));

  private static final PartitionsDefinition DAILY =
      PartitionsSnapshot.timeWindow(PartitionsKind.DAILY, "2024-01-01T00:00", null, "UTC", "")
          .definition();
  private static final PartitionsDefinition REGIONS =
      PartitionsSnapshot.staticKeys(List.of("us", "eu"), "").definition();
  private static final PartitionsDefinition CUSTOMERS =
      PartitionsSnapshot.dynamic("customers", "").definition();
  private static final PartitionsDefinition DAY_BY_REGION =
      PartitionsSnapshot.multi(
              "day_region",
              new PartitionDimensionSnapshot(
                  "day",
                  PartitionsSnapshot.timeWindow(
                      PartitionsKind.DAILY, "2024-01-01T00:00", null, "UTC", "")),
              new PartitionDimensionSnapshot(
                  "region", PartitionsSnapshot.staticKeys(List.of("us", "eu"), "")),
              "")
          .definition();

  private void check(
      Map<String, PartitionsDefinition> assets, String key, String first, String last) {
    partitions.check(List.copyOf(assets.keySet()), assets, key, first, last);
  }

  private static String fieldOf(Runnable launch) {
    try {
      launch.run();
    } catch (ApiException e) {
      return e.field();
    }
    throw new AssertionError("no refusal");
  }

  @Test
  void aKeyEveryPartitionedAssetHasPasses() {
    assertThatCode(() -> check(Map.of("daily", DAILY), "2024-02-29", null, null))
        .doesNotThrowAnyException();
    assertThatCode(() -> check(Map.of("multi", DAY_BY_REGION), "2024-01-01|eu", null, null))
        .doesNotThrowAnyException();
    assertThatCode(() -> check(Map.of("dynamic", CUSTOMERS), "acme", null, null))
        .doesNotThrowAnyException();
  }

  @Test
  void aKeyOneOfTheAssetsLacksIsRefusedNamingThatAsset() {
    Map<String, PartitionsDefinition> both = new LinkedHashMap<>();
    both.put("daily", DAILY);
    both.put("regions", REGIONS);

    assertThatThrownBy(() -> check(both, "2024-01-01", null, null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.field()).isEqualTo("partitionKey");
              assertThat(e.getMessage())
                  .contains("asset regions")
                  .contains("static partitions [us, eu]")
                  .contains("e.g. us");
            });
  }

  @Test
  void aWindowThatHasNotEndedIsNoPartitionYet() {
    assertThatThrownBy(() -> check(Map.of("daily", DAILY), "2024-03-01", null, null))
        .hasMessageContaining("the latest partition is 2024-02-29");
  }

  @Test
  void rangesNameTheEndAtFaultOrTheRangeWhenReversed() {
    Map<String, PartitionsDefinition> regions = Map.of("regions", REGIONS);

    assertThat(fieldOf(() -> check(regions, null, "apac", "eu"))).isEqualTo("partitionRange.first");
    assertThat(fieldOf(() -> check(regions, null, "us", "apac"))).isEqualTo("partitionRange.last");
    assertThat(fieldOf(() -> check(regions, null, "eu", "us"))).isEqualTo("partitionRange");
    assertThatCode(() -> check(regions, null, "us", "eu")).doesNotThrowAnyException();
    assertThatCode(() -> check(Map.of("dynamic", CUSTOMERS), null, "zeta", "acme"))
        .doesNotThrowAnyException();
  }

  @Test
  void aPartitionWithoutPartitionedAssetsIsRefused() {
    assertThat(fieldOf(() -> partitions.check(List.of("raw"), Map.of(), "us", null, null)))
        .isEqualTo("partitionKey");
    assertThat(fieldOf(() -> partitions.check(List.of("raw"), Map.of(), null, "us", "eu")))
        .isEqualTo("partitionRange");
    assertThatCode(() -> partitions.check(List.of("raw"), Map.of(), null, null, null))
        .doesNotThrowAnyException();
  }

  @Test
  void aMalformedDynamicKeyIsRefused() {
    assertThat(fieldOf(() -> check(Map.of("dynamic", CUSTOMERS), "a|b", null, null)))
        .isEqualTo("partitionKey");
  }

  @Test
  void noKeyForAPartitionedAssetIsRefusedSuggestingTheLatestEndedWindow() {
    assertThatThrownBy(() -> check(Map.of("daily", DAILY), null, null, null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.field()).isEqualTo("partitionKey");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "asset daily has daily partitions from 2024-01-01 in UTC: give partitionKey"
                          + " (e.g. 2024-02-29) or partitionRange, or leave it out of the"
                          + " selection");
            });
    assertThat(fieldOf(() -> check(Map.of("regions", REGIONS), null, null, null)))
        .isEqualTo("partitionKey");
  }

  @Test
  void aRangeMustHoldTheSameKeysInEveryPartitionedAsset() {
    PartitionsDefinition moreRegions =
        PartitionsSnapshot.staticKeys(List.of("us", "apac", "eu"), "").definition();
    Map<String, PartitionsDefinition> differ = new LinkedHashMap<>();
    differ.put("regions", REGIONS);
    differ.put("more_regions", moreRegions);
    Map<String, PartitionsDefinition> same = new LinkedHashMap<>();
    same.put("daily", DAILY);
    same.put("also_daily", DAILY);

    assertThat(fieldOf(() -> check(differ, null, "us", "eu"))).isEqualTo("partitionRange");
    assertThatCode(() -> check(same, null, "2024-01-01", "2024-02-01")).doesNotThrowAnyException();
  }
}
