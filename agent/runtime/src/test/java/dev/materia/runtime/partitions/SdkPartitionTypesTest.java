package dev.materia.runtime.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.PartitionsDefinition.Cadence;
import dev.materia.sdk.PartitionsDefinition.TimeWindowed;
import dev.materia.sdk.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Nested;
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

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static PartitionsDefinition.TimeWindowed daily(String start) {
    return PartitionsDefinition.daily(LocalDate.parse(start));
  }

  @Nested
  class StaticDefinitions {
    @Test
    void rejectsEmptyListsDuplicatesAndReservedCharacters() {
      assertThatThrownBy(PartitionsDefinition::staticKeys)
          .hasMessage("static partitions need at least one key, e.g. {\"us\", \"eu\"}");
      assertThatThrownBy(() -> PartitionsDefinition.staticKeys("us", "eu", "us"))
          .hasMessage("static partition key \"us\" appears twice in [us, eu, us]: list it once");
      assertThatThrownBy(() -> PartitionsDefinition.staticKeys("us|eu"))
          .hasMessage(
              "partition key \"us|eu\" contains '|', which joins the keys of multi partitions: use"
                  + " a key like \"us\" or \"customer-42\"");
      assertThatThrownBy(() -> PartitionsDefinition.staticKeys("a,b"))
          .hasMessageContaining("contains ','");
      assertThatThrownBy(() -> PartitionsDefinition.staticKeys("a...b"))
          .hasMessageContaining("contains '...'");
      assertThatThrownBy(() -> PartitionsDefinition.staticKeys(" us"))
          .hasMessageContaining("has leading or trailing whitespace");
      assertThatThrownBy(() -> PartitionsDefinition.staticKeys(""))
          .hasMessageContaining("\"\" is blank");
    }
  }

  @Nested
  class DynamicDefinitions {
    @Test
    void rejectsAnInvalidName() {
      assertThatThrownBy(() -> PartitionsDefinition.dynamic("my customers"))
          .hasMessage(
              "dynamic partitions name \"my customers\" must be letters, digits, '_', '-' or '.',"
                  + " e.g. \"customers\"");
    }
  }

  @Nested
  class MultiDefinitions {
    PartitionsDefinition.Multi definition =
        PartitionsDefinition.multi(
            "daily_by_region",
            PartitionsDefinition.dimension(
                "date", PartitionsDefinition.daily(LocalDate.parse("2024-01-01"))),
            PartitionsDefinition.dimension("region", PartitionsDefinition.staticKeys("us", "eu")));

    @Test
    void rejectsTwoTimeDimensionsAndTwoDimensionsWithOneName() {
      var day = PartitionsDefinition.daily(LocalDate.parse("2024-01-01"));
      assertThatThrownBy(
              () ->
                  PartitionsDefinition.multi(
                      "m",
                      PartitionsDefinition.dimension("a", day),
                      PartitionsDefinition.dimension("b", day)))
          .hasMessage(
              "multi partitions \"m\" has two time-window dimensions (\"a\" and \"b\"): at most"
                  + " one dimension may be a time window; make the other static or dynamic");
      assertThatThrownBy(
              () ->
                  PartitionsDefinition.multi(
                      "m",
                      PartitionsDefinition.dimension("a", day),
                      PartitionsDefinition.dimension("a", PartitionsDefinition.staticKeys("x"))))
          .hasMessageContaining("has two dimensions named \"a\"");
      assertThatThrownBy(() -> PartitionsDefinition.dimension("nested", definition))
          .hasMessageContaining("is itself multi partitions \"daily_by_region\"");
    }
  }

  @Nested
  class TimeWindowDefinitions {
    @Test
    void rejectsAWeeklyStartThatIsNotAMonday() {
      assertThatThrownBy(() -> PartitionsDefinition.weekly(LocalDate.parse("2024-01-03")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "weekly start 2024-01-03 is a Wednesday; weekly partitions start on Monday"
                  + " (ISO-8601 weeks): use 2024-01-01 or 2024-01-08");
    }

    @Test
    void rejectsAMonthlyEndThatIsNotTheFirst() {
      assertThatThrownBy(
              () ->
                  PartitionsDefinition.monthly(YearMonth.of(2024, 1))
                      .withEnd(LocalDateTime.parse("2024-12-31T00:00")))
          .hasMessage(
              "monthly end 2024-12-31 is not the first day of a month; monthly partitions"
                  + " start on the 1st: use 2024-12-01 or 2025-01-01");
    }

    @Test
    void rejectsAnEndNotAfterStart() {
      assertThatThrownBy(
              () ->
                  new TimeWindowed(
                      Cadence.DAILY,
                      LocalDateTime.parse("2024-01-01T00:00"),
                      LocalDateTime.parse("2024-01-01T00:00"),
                      ZoneOffset.UTC))
          .hasMessageContaining("end 2024-01-01 is not after start 2024-01-01")
          .hasMessageContaining("start = \"2024-01-01\", end = \"2024-01-02\" makes one partition");
    }

    @Test
    void rejectsAnUnknownTimezone() {
      assertThatThrownBy(() -> daily("2024-01-01").withTimezone("Europe/Berln"))
          .hasMessage(
              "unknown timezone \"Europe/Berln\": use a region ID such as \"UTC\" or"
                  + " \"Europe/Berlin\"");
    }

    @Test
    void definitionsWithTheSameValuesAreEqual() {
      assertThat(daily("2024-01-01").withTimezone(BERLIN))
          .isEqualTo(daily("2024-01-01").withTimezone("Europe/Berlin"))
          .isNotEqualTo(daily("2024-01-01"));
    }
  }
}
