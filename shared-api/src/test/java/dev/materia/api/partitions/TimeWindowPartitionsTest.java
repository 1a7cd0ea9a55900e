package dev.materia.api.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.PartitionsDefinition.TimeWindowed;
import dev.materia.sdk.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowPartitionsTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static PartitionSet at(String now, PartitionsDefinition definition) {
    Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
    return new PartitionKeys(clock, new InMemoryDynamicPartitionsStore()).of(definition);
  }

  static TimeWindowed daily(String start) {
    return PartitionsDefinition.daily(LocalDate.parse(start));
  }

  static TimeWindowed hourly(String start, ZoneId zone) {
    return PartitionsDefinition.hourly(LocalDateTime.parse(start)).withTimezone(zone);
  }

  static TimeWindow window(String start, String end) {
    return new TimeWindow(ZonedDateTime.parse(start), ZonedDateTime.parse(end));
  }

  @Nested
  class Daily {
    @Test
    void enumeratesDaysThatHaveEndedUpToTheClock() {
      PartitionSet days = at("2024-01-04T10:00:00Z", daily("2024-01-01"));

      assertThat(days.keys()).containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
      assertThat(days.size()).isEqualTo(3);
    }

    @Test
    void addsTodayOnlyOnceItsWindowHasEnded() {
      assertThat(at("2024-01-03T23:59:59Z", daily("2024-01-01")).keys()).hasSize(2);
      assertThat(at("2024-01-04T00:00:00Z", daily("2024-01-01")).keys()).hasSize(3);
    }

    @Test
    void hasNoKeysBeforeTheFirstDayEnds() {
      PartitionSet days = at("2024-01-01T12:00:00Z", daily("2024-01-01"));

      assertThat(days.keys()).isEmpty();
      assertThatThrownBy(() -> days.check("2024-01-01"))
          .isInstanceOf(InvalidPartitionKeyException.class)
          .hasMessageContaining("\"2024-01-01\" is not a partition yet")
          .hasMessageContaining("no partition of daily partitions from 2024-01-01");
    }

    @Test
    void suggestsTheLatestEndedDayCappedByTheEnd() {
      TimeWindowed year = daily("2024-01-01").withEnd(LocalDate.parse("2025-01-01").atStartOfDay());

      assertThat(at("2024-03-05T10:00:00Z", daily("2024-01-01")).suggestedKey())
          .isEqualTo("2024-03-04");
      assertThat(at("2030-01-01T00:00:00Z", year).suggestedKey()).isEqualTo("2024-12-31");
      assertThat(at("2024-01-01T12:00:00Z", daily("2024-01-01")).suggestedKey())
          .isEqualTo("2024-01-01");
    }

    @Test
    void stopsBeforeTheExclusiveEnd() {
      TimeWindowed year = daily("2024-01-01").withEnd(LocalDate.parse("2025-01-01").atStartOfDay());
      PartitionSet days = at("2030-01-01T00:00:00Z", year);

      assertThat(days.size()).isEqualTo(366);
      assertThat(days.keys()).startsWith("2024-01-01").endsWith("2024-12-31");
      assertThat(days.contains("2025-01-01")).isFalse();
    }

    @Test
    void mapsAKeyToItsUtcDay() {
      assertThat(at("2024-06-01T00:00:00Z", daily("2024-01-01")).timeWindow("2024-01-31"))
          .contains(window("2024-01-31T00:00Z[UTC]", "2024-02-01T00:00Z[UTC]"));
    }

    @Test
    void includesTheLeapDayAndRejectsFebruary29OfACommonYear() {
      PartitionSet days = at("2024-06-01T00:00:00Z", daily("2023-01-01"));

      assertThat(days.range("2024-02-28", "2024-03-01"))
          .containsExactly("2024-02-28", "2024-02-29", "2024-03-01");
      assertThat(days.timeWindow("2024-02-29"))
          .contains(window("2024-02-29T00:00Z[UTC]", "2024-03-01T00:00Z[UTC]"));
      assertThat(days.contains("2023-02-29")).isFalse();
      assertThatThrownBy(() -> days.check("2023-02-29"))
          .hasMessage(
              "\"2023-02-29\" is not a daily partition key: expected yyyy-MM-dd, e.g. 2023-01-01");
    }

    @Test
    void crossesMonthEndsOfEveryLength() {
      PartitionSet days = at("2025-01-01T00:00:00Z", daily("2024-01-01"));

      assertThat(days.range("2024-01-30", "2024-02-02"))
          .containsExactly("2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02");
      assertThat(days.range("2024-04-29", "2024-05-01"))
          .containsExactly("2024-04-29", "2024-04-30", "2024-05-01");
      assertThat(days.contains("2024-04-31")).isFalse();
      assertThat(days.range("2024-12-30", "2024-12-31")).hasSize(2);
    }

    @Test
    void enumeratesTenThousandDaysInOrderWithoutGapsOrRepeats() {
      PartitionSet days = at("2030-01-01T00:00:00Z", daily("2000-01-01").withTimezone(BERLIN));

      List<String> keys = days.keys();

      assertThat(keys).hasSize(10958); // 2000-01-01 .. 2029-12-31
      assertThat(new HashSet<>(keys)).hasSize(keys.size());
      assertThat(keys).isSorted().startsWith("2000-01-01").endsWith("2029-12-31");
      assertThat(days.expand("2000-01-01...2029-12-31")).isEqualTo(keys);
    }
  }

  @Nested
  class DaylightSavingTime {
    @Test
    void springForwardDayInBerlinLasts23Hours() {
      PartitionSet days = at("2024-06-01T00:00:00Z", daily("2024-01-01").withTimezone(BERLIN));

      TimeWindow window = days.timeWindow("2024-03-31").orElseThrow();

      assertThat(window)
          .isEqualTo(
              window(
                  "2024-03-31T00:00+01:00[Europe/Berlin]",
                  "2024-04-01T00:00+02:00[Europe/Berlin]"));
      assertThat(window.duration()).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void fallBackDayInBerlinLasts25Hours() {
      PartitionSet days = at("2025-01-01T00:00:00Z", daily("2024-01-01").withTimezone(BERLIN));

      TimeWindow window = days.timeWindow("2024-10-27").orElseThrow();

      assertThat(window.start().toInstant()).isEqualTo(Instant.parse("2024-10-26T22:00:00Z"));
      assertThat(window.end().toInstant()).isEqualTo(Instant.parse("2024-10-27T23:00:00Z"));
      assertThat(window.duration()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void consecutiveBerlinDaysTileTheTimelineAcrossBothChanges() {
      PartitionSet days = at("2025-01-01T00:00:00Z", daily("2024-01-01").withTimezone(BERLIN));

      List<String> keys = days.keys();
      for (int i = 1; i < keys.size(); i++) {
        TimeWindow previous = days.timeWindow(keys.get(i - 1)).orElseThrow();
        TimeWindow next = days.timeWindow(keys.get(i)).orElseThrow();
        assertThat(previous.end().toInstant()).isEqualTo(next.start().toInstant());
      }
      assertThat(keys).hasSize(366);
    }

    @Test
    void springForwardSkipsTheMissingHourWithoutAGapInTime() {
      PartitionSet hours = at("2024-03-31T22:00:00Z", hourly("2024-03-31T00:00", BERLIN));

      assertThat(hours.range("2024-03-31-00:00", "2024-03-31-04:00"))
          .containsExactly(
              "2024-03-31-00:00", "2024-03-31-01:00", "2024-03-31-03:00", "2024-03-31-04:00");
      assertThat(hours.timeWindow("2024-03-31-01:00").orElseThrow().end())
          .isEqualTo(hours.timeWindow("2024-03-31-03:00").orElseThrow().start());
      assertThat(hours.timeWindow("2024-03-31-01:00").orElseThrow().duration())
          .isEqualTo(Duration.ofHours(1));
      assertThat(hours.keys()).hasSize(23);
    }

    @Test
    void theSkippedHourIsNotAKeyAndTheMessageNamesTheNextOne() {
      PartitionSet hours = at("2024-03-31T22:00:00Z", hourly("2024-03-31T00:00", BERLIN));

      assertThat(hours.contains("2024-03-31-02:00")).isFalse();
      assertThatThrownBy(() -> hours.check("2024-03-31-02:00"))
          .isInstanceOf(InvalidPartitionKeyException.class)
          .hasMessage(
              "\"2024-03-31-02:00\" is not a partition: that hour does not exist in Europe/Berlin"
                  + " (the clocks skip it); the next partition is 2024-03-31-03:00");
    }

    @Test
    void fallBackRepeatedHourIsOneKeyWithATwoHourWindow() {
      PartitionSet hours = at("2024-10-27T23:00:00Z", hourly("2024-10-27T00:00", BERLIN));

      assertThat(hours.range("2024-10-27-01:00", "2024-10-27-03:00"))
          .containsExactly("2024-10-27-01:00", "2024-10-27-02:00", "2024-10-27-03:00");
      TimeWindow repeated = hours.timeWindow("2024-10-27-02:00").orElseThrow();
      assertThat(repeated)
          .isEqualTo(
              window(
                  "2024-10-27T02:00+02:00[Europe/Berlin]",
                  "2024-10-27T03:00+01:00[Europe/Berlin]"));
      assertThat(repeated.duration()).isEqualTo(Duration.ofHours(2));
      assertThat(hours.keys()).hasSize(24).doesNotHaveDuplicates();
    }

    @Test
    void hourlyWindowsTileTheWholeDstYearWithOneKeyPerExistingHour() {
      PartitionSet hours = at("2025-01-01T00:00:00Z", hourly("2024-01-01T00:00", NEW_YORK));

      List<String> keys = hours.keys();

      // Up to 2024-12-31 19:00 local (= 2025-01-01T00:00Z): 365 × 24 + 19 wall-clock hours, less
      // the 02:00 skipped on March 10; the 01:00 repeated on November 3 is one key.
      assertThat(keys).hasSize(365 * 24 + 19 - 1).doesNotHaveDuplicates();
      Instant expected = hours.timeWindow(keys.getFirst()).orElseThrow().start().toInstant();
      for (String key : keys) {
        TimeWindow window = hours.timeWindow(key).orElseThrow();
        assertThat(window.start().toInstant()).as(key).isEqualTo(expected);
        expected = window.end().toInstant();
      }
      assertThat(expected).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void aDayTheZoneSkippedEntirelyHasNoKey() {
      // Samoa moved across the date line: 2011-12-30 never happened in Pacific/Apia.
      PartitionSet days =
          at("2012-02-01T00:00:00Z", daily("2011-12-28").withTimezone(ZoneId.of("Pacific/Apia")));

      assertThat(days.range("2011-12-28", "2012-01-01"))
          .containsExactly("2011-12-28", "2011-12-29", "2011-12-31", "2012-01-01");
      assertThat(days.contains("2011-12-30")).isFalse();
    }

    @Test
    void aHalfHourShiftShortensTheHourItFallsIn() {
      // Lord Howe Island springs forward from 02:00 to 02:30.
      PartitionSet hours =
          at("2024-10-07T00:00:00Z", hourly("2024-10-06T00:00", ZoneId.of("Australia/Lord_Howe")));

      assertThat(hours.timeWindow("2024-10-06-02:00").orElseThrow().duration())
          .isEqualTo(Duration.ofMinutes(30));
    }
  }

  @Nested
  class Weekly {
    PartitionSet weeks =
        at("2024-06-01T00:00:00Z", PartitionsDefinition.weekly(LocalDate.parse("2024-01-01")));

    @Test
    void keysAreTheMondaysThatStartIsoWeeks() {
      assertThat(weeks.keys()).startsWith("2024-01-01", "2024-01-08", "2024-01-15");
      assertThat(weeks.keys())
          .allSatisfy(
              key -> assertThat(LocalDate.parse(key).getDayOfWeek().getValue()).isEqualTo(1));
    }

    @Test
    void aWeekSpanningTheLeapDayLastsSevenDays() {
      TimeWindow week = weeks.timeWindow("2024-02-26").orElseThrow();

      assertThat(week).isEqualTo(window("2024-02-26T00:00Z[UTC]", "2024-03-04T00:00Z[UTC]"));
      assertThat(week.contains(Instant.parse("2024-02-29T12:00:00Z"))).isTrue();
      assertThat(week.duration()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void rejectsAKeyThatIsNotAMondayAndSuggestsTheMondaysAround() {
      assertThatThrownBy(() -> weeks.check("2024-02-29"))
          .isInstanceOf(InvalidPartitionKeyException.class)
          .hasMessage(
              "\"2024-02-29\" is not a weekly partition key: weekly keys name a Monday (weeks"
                  + " start on Monday, ISO-8601), e.g. 2024-02-26 or 2024-03-04");
    }

    @Test
    void aWeekEndsOnlyWhenSundayEnds() {
      PartitionSet early =
          at("2024-01-07T23:00:00Z", PartitionsDefinition.weekly(LocalDate.parse("2024-01-01")));

      assertThat(early.keys()).isEmpty();
    }
  }

  @Nested
  class Monthly {
    PartitionSet months =
        at("2025-01-01T00:00:00Z", PartitionsDefinition.monthly(YearMonth.of(2024, 1)));

    @Test
    void keysAreFirstDaysAndWindowsRunToTheNextFirstDay() {
      assertThat(months.keys()).hasSize(12).startsWith("2024-01-01", "2024-02-01");
      assertThat(months.timeWindow("2024-01-01"))
          .contains(window("2024-01-01T00:00Z[UTC]", "2024-02-01T00:00Z[UTC]"));
      assertThat(months.timeWindow("2024-02-01").orElseThrow().duration())
          .isEqualTo(Duration.ofDays(29));
      assertThat(months.timeWindow("2024-04-01").orElseThrow().duration())
          .isEqualTo(Duration.ofDays(30));
    }

    @Test
    void rejectsTheLastDayOfAMonthAsAKey() {
      assertThatThrownBy(() -> months.check("2024-01-31"))
          .hasMessage(
              "\"2024-01-31\" is not a monthly partition key: monthly keys name the first day of"
                  + " a month, e.g. 2024-01-01 or 2024-02-01");
    }

    @Test
    void aBerlinMonthWithAClockChangeIsAnHourShort() {
      PartitionSet berlin =
          at(
              "2025-01-01T00:00:00Z",
              PartitionsDefinition.monthly(YearMonth.of(2024, 1)).withTimezone(BERLIN));

      assertThat(berlin.timeWindow("2024-03-01").orElseThrow().duration())
          .isEqualTo(Duration.ofDays(31).minusHours(1));
    }
  }

  @Nested
  class KeyValidation {
    PartitionSet days =
        at(
            "2024-06-15T12:00:00Z",
            daily("2024-01-01").withEnd(LocalDate.parse("2024-12-01").atStartOfDay()));

    @Test
    void rejectsAMalformedKeyWithTheExpectedFormat() {
      assertThatThrownBy(() -> days.check("2024-1-5"))
          .isInstanceOf(InvalidPartitionKeyException.class)
          .hasMessage(
              "\"2024-1-5\" is not a daily partition key: expected yyyy-MM-dd, e.g. 2024-01-01")
          .extracting(e -> ((InvalidPartitionKeyException) e).key())
          .isEqualTo("2024-1-5");
    }

    @Test
    void rejectsAKeyBeforeTheFirstPartition() {
      assertThatThrownBy(() -> days.check("2023-12-31"))
          .hasMessage(
              "\"2023-12-31\" is before the first partition 2024-01-01 of daily partitions from"
                  + " 2024-01-01 to 2024-12-01 (exclusive) in UTC: use 2024-01-01 or later");
    }

    @Test
    void rejectsAKeyAtOrAfterTheEnd() {
      PartitionSet ended =
          at(
              "2030-01-01T00:00:00Z",
              daily("2024-01-01").withEnd(LocalDate.parse("2024-12-01").atStartOfDay()));

      assertThatThrownBy(() -> ended.check("2024-12-01"))
          .hasMessage(
              "\"2024-12-01\" is after the last partition 2024-11-30 of daily partitions from"
                  + " 2024-01-01 to 2024-12-01 (exclusive) in UTC: use 2024-11-30 or earlier, or move"
                  + " the end later");
    }

    @Test
    void rejectsAKeyWhoseWindowHasNotEndedNamingTheLatestPartition() {
      assertThatThrownBy(() -> days.check("2024-06-15"))
          .hasMessage(
              "\"2024-06-15\" is not a partition yet: its window ends at 2024-06-16T00:00Z,"
                  + " after now (2024-06-15T12:00Z); the latest partition is 2024-06-14");
    }

    @Test
    void rejectsAnHourlyKeyOffTheHour() {
      PartitionSet hours = at("2024-06-01T00:00:00Z", hourly("2024-01-01T00:00", ZoneOffset.UTC));

      assertThat(hours.contains("2024-01-01-05:00")).isTrue();
      assertThatThrownBy(() -> hours.check("2024-01-01-05:30"))
          .hasMessage(
              "\"2024-01-01-05:30\" is not an hourly partition key: hourly keys name the top of an"
                  + " hour, e.g. 2024-01-01-05:00 or 2024-01-01-06:00");
      assertThatThrownBy(() -> hours.check("2024-01-01T05:00"))
          .hasMessageContaining("expected yyyy-MM-dd-HH:mm, e.g. 2024-01-01-00:00");
      assertThat(hours.contains("2024-01-01-24:00")).isFalse();
    }

    @Test
    void containsAnswersWithoutThrowingForAnyString() {
      assertThat(days.contains(null)).isFalse();
      assertThat(days.contains("")).isFalse();
      assertThat(days.contains("+2024-01-01")).isFalse();
      assertThat(days.contains("2024-01-01 ")).isFalse();
      assertThat(days.contains("2024-01-01")).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} {1} from {2}")
  @CsvSource({
    "HOURLY, Europe/Berlin, 2023-01-01T00:00",
    "HOURLY, America/New_York, 2020-01-01T00:00",
    "HOURLY, Australia/Lord_Howe, 2023-01-01T00:00",
    "HOURLY, Pacific/Apia, 2011-12-01T00:00",
    "DAILY, Pacific/Apia, 2011-12-01T00:00",
    "DAILY, America/Havana, 2020-01-01T00:00",
    "DAILY, America/Santiago, 2020-01-01T00:00",
    "WEEKLY, America/New_York, 2020-01-06T00:00",
    "MONTHLY, Europe/Berlin, 2020-01-01T00:00"
  })
  void countsExactlyTheKeysItLists(
      PartitionsDefinition.Cadence cadence, String zone, String start) {
    PartitionsDefinition definition =
        new TimeWindowed(cadence, LocalDateTime.parse(start), null, ZoneId.of(zone));
    for (String now :
        List.of("2011-12-30T10:00:00Z", "2012-01-01T00:00:00Z", "2025-06-01T12:00:00Z")) {
      PartitionSet set = at(now, definition);

      assertThat(set.size()).as(now).isEqualTo(set.keys().size());
    }
  }
}
