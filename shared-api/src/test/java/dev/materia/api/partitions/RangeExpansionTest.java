package dev.materia.api.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.PartitionsDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backfill selections: keys and inclusive ranges, separated by commas. */
class RangeExpansionTest {
  final PartitionKeys partitions =
      new PartitionKeys(
          Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC),
          new InMemoryDynamicPartitionsStore());
  final PartitionSet days =
      partitions.of(PartitionsDefinition.daily(LocalDate.parse("2024-01-01")));

  @Test
  void expandsAnInclusiveRangeOfDaysAcrossTheLeapDay() {
    List<String> keys = days.expand("2024-01-01...2024-03-31");

    assertThat(keys).hasSize(31 + 29 + 31);
    assertThat(keys).startsWith("2024-01-01").endsWith("2024-03-31").contains("2024-02-29");
  }

  @Test
  void aRangeOfOneKeyIsThatKey() {
    assertThat(days.expand("2024-02-29...2024-02-29")).containsExactly("2024-02-29");
  }

  @Test
  void joinsKeysAndRangesInTheOrderGivenWithoutRepeats() {
    assertThat(days.expand(" 2024-01-03 , 2024-01-01...2024-01-03,2024-02-01"))
        .containsExactly("2024-01-03", "2024-01-01", "2024-01-02", "2024-02-01");
  }

  @Test
  void expandsHourlyRanges() {
    PartitionSet hours =
        partitions.of(PartitionsDefinition.hourly(LocalDateTime.parse("2024-01-01T00:00")));

    assertThat(hours.expand("2024-01-01-22:00...2024-01-02-01:00"))
        .containsExactly(
            "2024-01-01-22:00", "2024-01-01-23:00", "2024-01-02-00:00", "2024-01-02-01:00");
  }

  @Test
  void rejectsAReversedRange() {
    assertThatThrownBy(() -> days.expand("2024-03-31...2024-01-01"))
        .isInstanceOf(InvalidPartitionKeyException.class)
        .hasMessage(
            "partition range \"2024-03-31...2024-01-01\" is reversed: 2024-03-31 comes after"
                + " 2024-01-01; write 2024-01-01...2024-03-31");
  }

  @Test
  void rejectsARangeWithAnUnknownKey() {
    assertThatThrownBy(() -> days.expand("2023-12-01...2024-01-31"))
        .hasMessageStartingWith("\"2023-12-01\" is before the first partition 2024-01-01");
    assertThatThrownBy(() -> days.expand("2024-01-01...2024-02-30"))
        .hasMessage(
            "\"2024-02-30\" is not a daily partition key: expected yyyy-MM-dd, e.g. 2024-01-01");
  }

  @Test
  void rejectsMalformedRanges() {
    String expected =
        "partition range \"%s\" is malformed: write first...last with one key on each side,"
            + " e.g. 2024-01-01...2024-05-31";
    for (String bad :
        List.of(
            "2024-01-01...",
            "...2024-01-31",
            "2024-01-01...2024-01-15...2024-01-31",
            "2024-01-01....2024-01-31")) {
      assertThatThrownBy(() -> days.expand(bad)).as(bad).hasMessage(expected.formatted(bad));
    }
  }

  @Test
  void hintsAtThreeDotsWhenARangeHasTwo() {
    assertThatThrownBy(() -> days.expand("2024-01-01..2024-01-31"))
        .hasMessage(
            "\"2024-01-01..2024-01-31\" is not a daily partition key: expected yyyy-MM-dd, e.g."
                + " 2024-01-01 (a range needs three dots: first...last)");
  }

  @Test
  void rejectsAnEmptySelectionOrAnEmptyItem() {
    assertThatThrownBy(() -> days.expand(" "))
        .hasMessage(
            "partition selection is empty: give a key like 2024-01-01, a range like"
                + " 2024-01-01...2024-05-31, or several separated by commas");
    assertThatThrownBy(() -> days.expand("2024-01-01,,2024-01-02"))
        .hasMessage(
            "partition selection \"2024-01-01,,2024-01-02\" has an empty item between commas:"
                + " remove the extra comma");
  }

  @Test
  void expandsStaticRangesInDeclaredOrder() {
    PartitionSet regions = partitions.of(PartitionsDefinition.staticKeys("us", "eu", "apac"));

    assertThat(regions.expand("eu...apac,us")).containsExactly("eu", "apac", "us");
  }
}
