package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.snapshot.PartitionDimensionSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionTotalsTest {
  private static final Instant NOW = Instant.parse("2024-03-10T12:30:00Z");

  private static PartitionsSnapshot window(
      PartitionsKind kind, String start, String end, String zone) {
    return PartitionsSnapshot.timeWindow(kind, start, end, zone, kind + " from " + start);
  }

  @Test
  void timeWindowsCountOnlyWindowsThatHaveEnded() {
    assertThat(
            PartitionTotals.count(
                window(PartitionsKind.DAILY, "2024-03-01T00:00", null, "UTC"), NOW))
        .isEqualTo(9);
    assertThat(
            PartitionTotals.count(
                window(PartitionsKind.HOURLY, "2024-03-10T00:00", null, "UTC"), NOW))
        .isEqualTo(12);
    assertThat(
            PartitionTotals.count(
                window(PartitionsKind.WEEKLY, "2024-01-01T00:00", null, "UTC"), NOW))
        .isEqualTo(9);
    assertThat(
            PartitionTotals.count(
                window(PartitionsKind.MONTHLY, "2023-01-01T00:00", null, "UTC"), NOW))
        .isEqualTo(14);
  }

  @Test
  void anEndCapsTheCountAndAFutureStartHasNone() {
    assertThat(
            PartitionTotals.count(
                window(PartitionsKind.DAILY, "2024-01-01T00:00", "2024-01-11T00:00", "UTC"), NOW))
        .isEqualTo(10);
    assertThat(
            PartitionTotals.count(
                window(PartitionsKind.DAILY, "2025-01-01T00:00", null, "UTC"), NOW))
        .isZero();
  }

  @Test
  void hourlyWindowsFollowRealTimeAcrossADaylightSavingChange() {
    // Berlin springs forward on 2024-03-31: that local day has 23 hours.
    assertThat(
            PartitionTotals.count(
                window(
                    PartitionsKind.HOURLY, "2024-03-31T00:00", "2024-04-01T00:00", "Europe/Berlin"),
                NOW.plusSeconds(86_400L * 30)))
        .isEqualTo(23);
  }

  @Test
  void staticCountsKeysMultiMultipliesAndDynamicIsUnknown() {
    PartitionsSnapshot regions =
        PartitionsSnapshot.staticKeys(List.of("us", "eu", "apac"), "regions");
    PartitionsSnapshot days = window(PartitionsKind.DAILY, "2024-03-01T00:00", null, "UTC");
    PartitionsSnapshot dynamic = PartitionsSnapshot.dynamic("customers", "customers");

    assertThat(PartitionTotals.count(regions, NOW)).isEqualTo(3);
    assertThat(
            PartitionTotals.count(
                PartitionsSnapshot.multi(
                    "by_region",
                    new PartitionDimensionSnapshot("date", days),
                    new PartitionDimensionSnapshot("region", regions),
                    "multi"),
                NOW))
        .isEqualTo(27);
    assertThat(PartitionTotals.count(dynamic, NOW)).isNull();
    assertThat(
            PartitionTotals.count(
                PartitionsSnapshot.multi(
                    "by_customer",
                    new PartitionDimensionSnapshot("date", days),
                    new PartitionDimensionSnapshot("customer", dynamic),
                    "multi"),
                NOW))
        .isNull();
  }
}
