package dev.materia.api.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.sdk.PartitionsDefinition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SDK's definitions on the wire: the snapshot round trip keeps every value and description. */
class PartitionsSnapshotTest {
  static final PartitionsDefinition.TimeWindowed DAY =
      PartitionsDefinition.daily(LocalDate.parse("2024-01-01"));

  static List<PartitionsDefinition> everyKind() {
    return List.of(
        PartitionsDefinition.hourly(LocalDateTime.parse("2024-01-01T06:00"))
            .withTimezone("Europe/Berlin")
            .withEnd(LocalDateTime.parse("2024-02-01T00:00")),
        DAY,
        PartitionsDefinition.weekly(LocalDate.parse("2024-01-01")).withTimezone("Pacific/Apia"),
        PartitionsDefinition.monthly(YearMonth.of(2024, 1)),
        PartitionsDefinition.staticKeys("us", "eu"),
        PartitionsDefinition.dynamic("customers"),
        PartitionsDefinition.multi(
            "daily_by_region",
            PartitionsDefinition.dimension("date", DAY),
            PartitionsDefinition.dimension("region", PartitionsDefinition.staticKeys("us", "eu"))));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void survivesTheSnapshotRoundTripWithItsDescription(PartitionsDefinition definition) {
    PartitionsSnapshot snapshot = PartitionsSnapshot.of(definition);

    assertThat(snapshot.description()).isEqualTo(definition.describe());
    assertThat(snapshot.definition()).isEqualTo(definition);
  }

  @Test
  void readsASnapshotWrittenByTheAgent() {
    PartitionsSnapshot snapshot =
        PartitionsSnapshot.timeWindow(
            PartitionsKind.DAILY, "2024-01-01T00:00", "2025-01-01T00:00", "Etc/UTC", "whatever");

    assertThat(snapshot.definition())
        .isEqualTo(DAY.withEnd(LocalDateTime.parse("2025-01-01T00:00")));
  }

  @Test
  void carriesEveryKindsDescriptionForTheConsole() {
    assertThat(everyKind())
        .extracting(PartitionsDefinition::describe)
        .containsExactly(
            "hourly partitions from 2024-01-01-06:00 to 2024-02-01-00:00 (exclusive) in"
                + " Europe/Berlin",
            "daily partitions from 2024-01-01 in UTC",
            "weekly partitions from 2024-01-01 in Pacific/Apia",
            "monthly partitions from 2024-01-01 in UTC",
            "static partitions [us, eu]",
            "dynamic partitions \"customers\"",
            "multi partitions \"daily_by_region\" (date: daily partitions from 2024-01-01 in UTC;"
                + " region: static partitions [us, eu])");
  }
}
