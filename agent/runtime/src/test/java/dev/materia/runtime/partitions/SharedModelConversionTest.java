package dev.materia.runtime.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.partitions.InvalidPartitionKeyException;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's partitions reach the shared model unchanged, and its answers come back as SDK types.
 */
class SharedModelConversionTest {
  static final PartitionsDefinition.TimeWindowed DAY =
      PartitionsDefinition.daily(LocalDate.parse("2024-01-01"));

  static List<PartitionsDefinition> everyKind() {
    return List.of(
        PartitionsDefinition.hourly(LocalDateTime.parse("2024-01-01T06:00"))
            .withTimezone("Europe/Berlin")
            .withEnd(LocalDateTime.parse("2024-02-01T00:00")),
        DAY,
        PartitionsDefinition.weekly(LocalDate.parse("2024-01-01")),
        PartitionsDefinition.monthly(YearMonth.of(2024, 1)).withTimezone("Australia/Lord_Howe"),
        PartitionsDefinition.staticKeys("us", "eu"),
        PartitionsDefinition.dynamic("customers"),
        PartitionsDefinition.multi(
            "daily_by_region",
            PartitionsDefinition.dimension("date", DAY),
            PartitionsDefinition.dimension("region", PartitionsDefinition.staticKeys("us", "eu"))));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void keepsEveryValueAndTheDescription(PartitionsDefinition definition) {
    dev.materia.api.partitions.PartitionsDefinition shared = Partitions.toShared(definition);

    assertThat(shared.describe()).isEqualTo(definition.describe());
    assertThat(shared.toSnapshot())
        .isEqualTo(dev.materia.runtime.snapshot.CodeLocationSnapshots.partitions(definition));
  }

  @Test
  void leavesUnpartitionedAsNull() {
    assertThat(Partitions.toShared((PartitionsDefinition) null)).isNull();
    assertThat(Partitions.toShared((PartitionMapping) null)).isNull();
  }

  @Test
  void convertsEveryMappingBothWays() {
    List<PartitionMapping> mappings =
        List.of(
            PartitionMapping.identity(),
            PartitionMapping.timeWindow(-1).allowingMissing(),
            PartitionMapping.allPartitions(),
            PartitionMapping.dimension("date"));

    for (PartitionMapping mapping : mappings) {
      assertThat(Partitions.toShared(mapping).describe()).isEqualTo(mapping.describe());
      assertThat(Partitions.toSdk(Partitions.toShared(mapping))).isEqualTo(mapping);
    }
  }

  @Test
  void answersWithSdkTimeWindowsAndSharedKeyErrors() {
    PartitionKeys partitions =
        new PartitionKeys(
            Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC),
            new InMemoryDynamicPartitionsStore());
    PartitionsDefinition berlin = DAY.withTimezone("Europe/Berlin");

    TimeWindow springDay = partitions.timeWindow(berlin, "2024-03-31").orElseThrow();

    assertThat(springDay.duration()).isEqualTo(Duration.ofHours(23));
    assertThat(partitions.of(berlin).expand("2024-03-30...2024-04-01")).hasSize(3);
    assertThatThrownBy(() -> partitions.check(berlin, "2024-13-01"))
        .isInstanceOf(InvalidPartitionKeyException.class);
    assertThat(
            partitions.upstreamKeys(PartitionMapping.timeWindow(-1), berlin, berlin, "2024-03-31"))
        .containsExactly("2024-03-30");
  }
}
