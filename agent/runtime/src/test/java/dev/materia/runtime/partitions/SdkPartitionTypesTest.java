package dev.materia.runtime.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The SDK's partition value types check their arguments at the door. */
class SdkPartitionTypesTest {
  static final ZonedDateTime NOON = ZonedDateTime.parse("2024-01-01T12:00Z[UTC]");

  @Test
  void aTimeWindowMustEndAfterItStarts() {
    assertThatThrownBy(() -> new TimeWindow(NOON, NOON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "time window end 2024-01-01T12:00Z[UTC] is not after its start 2024-01-01T12:00Z[UTC]");
  }

  @Test
  void aTimeWindowIsHalfOpen() {
    TimeWindow window = new TimeWindow(NOON, NOON.plusHours(1));

    assertThat(window.contains(NOON.toInstant())).isTrue();
    assertThat(window.contains(NOON.plusHours(1).toInstant())).isFalse();
    assertThat(window.overlaps(new TimeWindow(NOON.plusHours(1), NOON.plusHours(2)))).isFalse();
    assertThat(window.overlaps(new TimeWindow(NOON.plusMinutes(59), NOON.plusHours(2)))).isTrue();
    assertThat(window.duration()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void everySpellingOfUtcIsOneZone() {
    PartitionsDefinition.TimeWindowed day =
        PartitionsDefinition.daily(LocalDate.parse("2024-01-01"));

    assertThat(day.withTimezone(ZoneOffset.UTC)).isEqualTo(day);
    assertThat(day.withTimezone("Etc/UTC")).isEqualTo(day);
    assertThat(day.withTimezone("Z").timezone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(day.withTimezone("+01:00")).isNotEqualTo(day);
  }

  @Test
  void aKeyMayNotHoldAControlCharacter() {
    assertThatThrownBy(() -> PartitionsDefinition.requireValidKey("us\teast"))
        .hasMessage(
            "partition key \"us\teast\" contains a control character: use a key like \"us\" or"
                + " \"customer-42\"");
    assertThat(PartitionsDefinition.requireValidKey("customer-42")).isEqualTo("customer-42");
  }

  @Test
  void aDimensionMappingNeedsADimensionName() {
    assertThatThrownBy(() -> PartitionMapping.dimension(" "))
        .hasMessage("dimension mapping needs the dimension's name, e.g. \"date\"");
  }

  @Test
  void mappingsDescribeThemselvesForMessages() {
    assertThat(PartitionMapping.identity().describe()).isEqualTo("identity");
    assertThat(PartitionMapping.allPartitions().describe()).isEqualTo("all partitions");
    assertThat(PartitionMapping.timeWindow(-1).allowingMissing().describe())
        .isEqualTo("time window with offset -1 (missing upstream partitions allowed)");
    assertThat(PartitionMapping.dimension("date").describe()).isEqualTo("dimension \"date\"");
    assertThat(PartitionMapping.timeWindow(-1).kind()).isEqualTo(PartitionMapping.Kind.TIME_WINDOW);
  }

  @Test
  void definitionsDescribeThemselvesForMessages() {
    assertThat(
            PartitionsDefinition.hourly(LocalDateTime.parse("2024-01-01T06:00"))
                .withTimezone("Europe/Berlin")
                .withEnd(LocalDateTime.parse("2024-02-01T00:00"))
                .describe())
        .isEqualTo(
            "hourly partitions from 2024-01-01-06:00 to 2024-02-01-00:00 (exclusive) in"
                + " Europe/Berlin");
    assertThat(PartitionsDefinition.dynamic("customers").describe())
        .isEqualTo("dynamic partitions \"customers\"");
  }

  @Test
  void aTimeWindowReportsElapsedTimeNotWallClockTime() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    TimeWindow springDay =
        new TimeWindow(
            ZonedDateTime.of(LocalDate.parse("2024-03-31").atStartOfDay(), berlin),
            ZonedDateTime.of(LocalDate.parse("2024-04-01").atStartOfDay(), berlin));

    assertThat(springDay.duration()).isEqualTo(Duration.ofHours(23));
    assertThat(springDay.contains(Instant.parse("2024-03-31T22:30:00Z"))).isFalse();
  }
}
