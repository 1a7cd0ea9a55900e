package dev.materia.api.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared definition model: door checks, descriptions, and the snapshot round trip. */
class PartitionsDefinitionTest {
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
    PartitionsSnapshot snapshot = definition.toSnapshot();

    assertThat(snapshot.description()).isEqualTo(definition.describe());
    assertThat(PartitionsDefinition.fromSnapshot(snapshot)).isEqualTo(definition);
  }

  @Test
  void readsASnapshotWrittenByTheAgent() {
    PartitionsSnapshot snapshot =
        PartitionsSnapshot.timeWindow(
            PartitionsKind.DAILY, "2024-01-01T00:00", "2025-01-01T00:00", "Etc/UTC", "whatever");

    assertThat(PartitionsDefinition.fromSnapshot(snapshot))
        .isEqualTo(DAY.withEnd(LocalDateTime.parse("2025-01-01T00:00")));
  }

  @Test
  void describesItselfLikeTheSdk() {
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

  @Test
  void everySpellingOfUtcIsOneZone() {
    assertThat(DAY.withTimezone(ZoneOffset.UTC)).isEqualTo(DAY);
    assertThat(DAY.withTimezone("Etc/UTC")).isEqualTo(DAY);
    assertThat(DAY.withTimezone("Z").timezone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(DAY.withTimezone("+01:00")).isNotEqualTo(DAY);
  }

  @Test
  void rejectsBoundariesOffTheCadence() {
    assertThatThrownBy(() -> PartitionsDefinition.weekly(LocalDate.parse("2024-01-03")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("weekly start 2024-01-03T00:00 is not a partition boundary");
    assertThatThrownBy(
            () ->
                PartitionsDefinition.monthly(YearMonth.of(2024, 1))
                    .withEnd(LocalDateTime.parse("2024-12-31T00:00")))
        .hasMessageStartingWith("monthly end 2024-12-31T00:00 is not a partition boundary");
    assertThatThrownBy(() -> DAY.withEnd(LocalDateTime.parse("2024-01-01T00:00")))
        .hasMessage("daily end 2024-01-01T00:00 is not after start 2024-01-01T00:00");
    assertThatThrownBy(() -> DAY.withTimezone("Europe/Berln"))
        .hasMessage("unknown timezone \"Europe/Berln\"");
  }

  @Test
  void rejectsBadKeysNamesAndDimensions() {
    assertThatThrownBy(() -> PartitionsDefinition.staticKeys("us", "us"))
        .hasMessage("static partition key \"us\" appears twice in [us, us]: list it once");
    assertThatThrownBy(() -> PartitionsDefinition.requireValidKey("us|eu"))
        .hasMessage(
            "partition key \"us|eu\" contains '|', which joins the keys of multi partitions: use"
                + " a key like \"us\" or \"customer-42\"");
    assertThatThrownBy(() -> PartitionsDefinition.dynamic("my customers"))
        .hasMessage(
            "dynamic partitions name \"my customers\" must be letters, digits, '_', '-' or '.'");
    assertThatThrownBy(
            () ->
                PartitionsDefinition.multi(
                    "m",
                    PartitionsDefinition.dimension("a", DAY),
                    PartitionsDefinition.dimension("b", DAY)))
        .hasMessage("multi partitions \"m\" has two time-window dimensions; at most one may be");
  }

  @Test
  void mappingsDescribeThemselvesLikeTheSdk() {
    assertThat(PartitionMapping.identity().describe()).isEqualTo("identity");
    assertThat(PartitionMapping.allPartitions().describe()).isEqualTo("all partitions");
    assertThat(PartitionMapping.timeWindow(-1).allowingMissing().describe())
        .isEqualTo("time window with offset -1 (missing upstream partitions allowed)");
    assertThat(PartitionMapping.dimension("date").describe()).isEqualTo("dimension \"date\"");
    assertThatThrownBy(() -> PartitionMapping.dimension(" "))
        .hasMessage("dimension mapping needs the dimension's name, e.g. \"date\"");
  }
}
