package dev.materia.api.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.PartitionsDefinition.TimeWindowed;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PartitionMappingsTest {
  static final TimeWindowed DAILY = PartitionsDefinition.daily(LocalDate.parse("2024-01-01"));
  static final TimeWindowed HOURLY =
      PartitionsDefinition.hourly(LocalDateTime.parse("2024-01-01T00:00"));
  static final PartitionsDefinition REGIONS = PartitionsDefinition.staticKeys("us", "eu");
  static final PartitionsDefinition CUSTOMERS = PartitionsDefinition.dynamic("customers");
  static final PartitionsDefinition.Multi DAILY_BY_REGION =
      PartitionsDefinition.multi(
          "daily_by_region",
          PartitionsDefinition.dimension("date", DAILY),
          PartitionsDefinition.dimension("region", REGIONS));

  final InMemoryDynamicPartitionsStore store = new InMemoryDynamicPartitionsStore();
  final PartitionKeys partitions =
      new PartitionKeys(Clock.fixed(Instant.parse("2024-01-10T00:00:00Z"), ZoneOffset.UTC), store);

  @Nested
  class Identity {
    PartitionMapping identity = PartitionMapping.identity();

    @Test
    void readsTheSameKeyUpstream() {
      assertThat(partitions.upstreamKeys(identity, DAILY, DAILY, "2024-01-05"))
          .containsExactly("2024-01-05");
      assertThat(partitions.downstreamKeys(identity, REGIONS, "eu", REGIONS)).containsExactly("eu");
    }

    @Test
    void failsWhenTheKeyIsNotAnUpstreamPartition() {
      store.add("customers", "acme");
      store.add("accounts", "globex");
      PartitionsDefinition accounts = PartitionsDefinition.dynamic("accounts");

      assertThatThrownBy(() -> partitions.upstreamKeys(identity, accounts, CUSTOMERS, "acme"))
          .isInstanceOf(MissingUpstreamPartitionsException.class)
          .hasMessage(
              "partition acme reads acme upstream (mapping: identity), but that is not an"
                  + " upstream partition (dynamic partitions \"accounts\"; its only partition is"
                  + " globex). Fix: materialize a partition that exists upstream, or add the key"
                  + " upstream first.")
          .satisfies(
              e -> {
                MissingUpstreamPartitionsException missing = (MissingUpstreamPartitionsException) e;
                assertThat(missing.downstreamKey()).isEqualTo("acme");
                assertThat(missing.missingKeys()).containsExactly("acme");
              });
    }

    @Test
    void fitsSameCadenceAndZoneKeyListsAndMatchingMultis() {
      assertThat(PartitionMappings.problem(identity, DAILY, DAILY.withEnd(null))).isEmpty();
      assertThat(PartitionMappings.problem(identity, CUSTOMERS, REGIONS)).isEmpty();
      assertThat(PartitionMappings.problem(identity, DAILY_BY_REGION, DAILY_BY_REGION)).isEmpty();
    }

    @Test
    void doesNotFitDifferentCadencesOrShapes() {
      assertThat(PartitionMappings.problem(identity, HOURLY, DAILY))
          .contains(
              "identity needs the same cadence and timezone on both sides, and they are hourly in"
                  + " UTC upstream and daily in UTC downstream; use @MapPartitions(TIME_WINDOW) to"
                  + " read the overlapping windows");
      assertThat(PartitionMappings.problem(identity, REGIONS, DAILY))
          .contains(
              "identity needs keys of one shape on both sides, and they are static partitions"
                  + " [us, eu] upstream and daily partitions from 2024-01-01 in UTC downstream");
      assertThat(
              PartitionMappings.problem(
                  identity, REGIONS, PartitionsDefinition.staticKeys("us", "apac")))
          .contains(
              "identity reads the upstream partition with the same key, and the upstream has no"
                  + " [apac]; add them upstream or remove them downstream");
    }
  }

  @Nested
  class TimeWindowOffset {
    @Test
    void dayDReadsDayDMinusOne() {
      assertThat(
              partitions.upstreamKeys(PartitionMapping.timeWindow(-1), DAILY, DAILY, "2024-01-05"))
          .containsExactly("2024-01-04");
      assertThat(
              partitions.downstreamKeys(
                  PartitionMapping.timeWindow(-1), DAILY, "2024-01-04", DAILY))
          .containsExactly("2024-01-05");
    }

    @Test
    void theFirstDayWithOffsetMinusOneFailsNamingTheMissingDayAndTheFix() {
      assertThatThrownBy(
              () ->
                  partitions.upstreamKeys(
                      PartitionMapping.timeWindow(-1), DAILY, DAILY, "2024-01-01"))
          .isInstanceOf(MissingUpstreamPartitionsException.class)
          .hasMessage(
              "partition 2024-01-01 reads 2023-12-31 upstream (mapping: time window with offset"
                  + " -1), but that is not an upstream partition (daily partitions from"
                  + " 2024-01-01 in UTC; its partitions run 2024-01-01...2024-01-09). Fix: start the"
                  + " downstream partitions later, or set allowMissing = true on"
                  + " @MapPartitions(value = TIME_WINDOW, offset = -1) to run without them.");
    }

    @Test
    void allowMissingReadsNothingOnTheFirstDay() {
      PartitionMapping lenient = PartitionMapping.timeWindow(-1).allowingMissing();

      assertThat(partitions.upstreamKeys(lenient, DAILY, DAILY, "2024-01-01")).isEmpty();
      assertThat(partitions.upstreamKeys(lenient, DAILY, DAILY, "2024-01-02"))
          .containsExactly("2024-01-01");
    }

    @Test
    void aForwardOffsetPastTheLatestPartitionIsMissing() {
      assertThatThrownBy(
              () ->
                  partitions.upstreamKeys(
                      PartitionMapping.timeWindow(1), DAILY, DAILY, "2024-01-09"))
          .isInstanceOf(MissingUpstreamPartitionsException.class)
          .hasMessageContaining("reads 2024-01-10 upstream");
    }

    @Test
    void theLastDayHasNoDownstreamReaderWithOffsetMinusOne() {
      assertThat(
              partitions.downstreamKeys(
                  PartitionMapping.timeWindow(-1), DAILY, "2024-01-09", DAILY))
          .isEmpty();
    }

    @Test
    void aDailyPartitionReadsTheHoursOfItsDay() {
      List<String> hours =
          partitions.upstreamKeys(PartitionMapping.timeWindow(0), HOURLY, DAILY, "2024-01-02");

      assertThat(hours).hasSize(24).startsWith("2024-01-02-00:00").endsWith("2024-01-02-23:00");
      assertThat(
              partitions.downstreamKeys(
                  PartitionMapping.timeWindow(0), HOURLY, "2024-01-02-13:00", DAILY))
          .containsExactly("2024-01-02");
    }

    @Test
    void aBerlinDailyPartitionOnTheSpringDayReads23Hours() {
      ZoneId berlin = ZoneId.of("Europe/Berlin");
      PartitionKeys april =
          new PartitionKeys(
              Clock.fixed(Instant.parse("2024-04-10T00:00:00Z"), ZoneOffset.UTC), store);

      List<String> hours =
          april.upstreamKeys(
              PartitionMapping.timeWindow(0),
              PartitionsDefinition.hourly(LocalDateTime.parse("2024-03-01T00:00"))
                  .withTimezone(berlin),
              PartitionsDefinition.daily(LocalDate.parse("2024-03-01")).withTimezone(berlin),
              "2024-03-31");

      assertThat(hours).hasSize(23).doesNotContain("2024-03-31-02:00");
    }

    @Test
    void anHourlyPartitionWithOffsetMinusOneSkipsTheMissingHour() {
      ZoneId berlin = ZoneId.of("Europe/Berlin");
      PartitionsDefinition hourly =
          PartitionsDefinition.hourly(LocalDateTime.parse("2024-03-31T00:00")).withTimezone(berlin);
      PartitionKeys april =
          new PartitionKeys(
              Clock.fixed(Instant.parse("2024-04-01T00:00:00Z"), ZoneOffset.UTC), store);

      assertThat(
              april.upstreamKeys(
                  PartitionMapping.timeWindow(-1), hourly, hourly, "2024-03-31-03:00"))
          .containsExactly("2024-03-31-01:00");
    }

    @Test
    void aUtcDayReadsBothBerlinDaysItOverlaps() {
      assertThat(
              partitions.upstreamKeys(
                  PartitionMapping.timeWindow(0),
                  DAILY.withTimezone("Europe/Berlin"),
                  DAILY,
                  "2024-01-05"))
          .containsExactly("2024-01-05", "2024-01-06");
    }

    @Test
    void aMonthlyPartitionWithOffsetMinusOneReadsTheDaysOfThePreviousMonth() {
      PartitionKeys later =
          new PartitionKeys(
              Clock.fixed(Instant.parse("2024-04-01T00:00:00Z"), ZoneOffset.UTC), store);

      List<String> days =
          later.upstreamKeys(
              PartitionMapping.timeWindow(-1),
              DAILY,
              PartitionsDefinition.monthly(YearMonth.of(2024, 1)),
              "2024-03-01");

      assertThat(days).hasSize(29).startsWith("2024-02-01").endsWith("2024-02-29");
    }

    @Test
    void fitsOnlyBetweenTwoTimeWindows() {
      assertThat(PartitionMappings.problem(PartitionMapping.timeWindow(-1), DAILY, HOURLY))
          .isEmpty();
      assertThat(PartitionMappings.problem(PartitionMapping.timeWindow(-1), REGIONS, DAILY))
          .contains(
              "a time window mapping needs time-window partitions on both sides, and the upstream"
                  + " has static partitions [us, eu]");
    }
  }

  @Nested
  class AllPartitions {
    PartitionMapping all = PartitionMapping.allPartitions();

    @Test
    void anUnpartitionedDownstreamReadsEveryUpstreamPartition() {
      assertThat(partitions.upstreamKeys(all, DAILY, null, null)).hasSize(9);
      assertThat(partitions.upstreamKeys(all, REGIONS, null, null)).containsExactly("us", "eu");
    }

    @Test
    void aPartitionedDownstreamMayAlsoReadEverything() {
      assertThat(partitions.upstreamKeys(all, REGIONS, DAILY, "2024-01-03"))
          .containsExactly("us", "eu");
      assertThat(partitions.downstreamKeys(all, REGIONS, "us", DAILY)).hasSize(9);
    }

    @Test
    void isTheOnlyMappingForAnUnpartitionedDownstream() {
      assertThat(PartitionMappings.problem(all, DAILY, null)).isEmpty();
      assertThat(PartitionMappings.problem(PartitionMapping.identity(), DAILY, null))
          .contains(
              "the downstream is not partitioned, so it can only read all upstream partitions;"
                  + " use @MapPartitions(ALL_PARTITIONS)");
      assertThat(PartitionMappings.problem(PartitionMapping.timeWindow(-1), null, DAILY))
          .contains(
              "the upstream is not partitioned, so every partition reads its one value; remove"
                  + " @MapPartitions");
      assertThatThrownBy(
              () -> partitions.upstreamKeys(PartitionMapping.identity(), DAILY, null, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not fit");
    }
  }

  @Nested
  class SingleDimension {
    PartitionMapping date = PartitionMapping.dimension("date");

    @Test
    void aDailyPartitionReadsEveryRegionOfItsDay() {
      assertThat(partitions.upstreamKeys(date, DAILY_BY_REGION, DAILY, "2024-01-03"))
          .containsExactly("2024-01-03|us", "2024-01-03|eu");
      assertThat(partitions.downstreamKeys(date, DAILY_BY_REGION, "2024-01-03|eu", DAILY))
          .containsExactly("2024-01-03");
    }

    @Test
    void aMultiPartitionReadsTheDayOfItsDateDimension() {
      assertThat(partitions.upstreamKeys(date, DAILY, DAILY_BY_REGION, "2024-01-03|eu"))
          .containsExactly("2024-01-03");
      assertThat(partitions.downstreamKeys(date, DAILY, "2024-01-03", DAILY_BY_REGION))
          .containsExactly("2024-01-03|us", "2024-01-03|eu");
    }

    @Test
    void theSecondDimensionWorksToo() {
      assertThat(
              partitions.upstreamKeys(
                  PartitionMapping.dimension("region"), DAILY_BY_REGION, REGIONS, "eu"))
          .hasSize(9)
          .allSatisfy(key -> assertThat(key).endsWith("|eu"));
    }

    @Test
    void doesNotFitAnUnknownOrMismatchedDimension() {
      assertThat(
              PartitionMappings.problem(PartitionMapping.dimension("day"), DAILY_BY_REGION, DAILY))
          .contains(
              "multi partitions \"daily_by_region\" has no dimension \"day\"; its dimensions are"
                  + " \"date\" and \"region\"");
      assertThat(PartitionMappings.problem(date, DAILY_BY_REGION, HOURLY))
          .hasValueSatisfying(
              reason ->
                  assertThat(reason)
                      .startsWith("dimension \"date\" does not match: identity needs the same"));
      assertThat(PartitionMappings.problem(date, DAILY, HOURLY))
          .contains(
              "a dimension mapping connects multi partitions to single ones, and neither side is"
                  + " multi");
    }
  }

  @Nested
  class Cardinality {
    static final TimeWindowed WEEKLY = PartitionsDefinition.weekly(LocalDate.parse("2024-01-01"));
    static final TimeWindowed MONTHLY = PartitionsDefinition.monthly(YearMonth.of(2024, 1));

    @Test
    void aTimeWindowReadsOneUpstreamPartitionOnlyWhenItNestsInsideOne() {
      PartitionMapping overlap = PartitionMapping.timeWindow(0);

      assertThat(PartitionMappings.readsSeveral(overlap, DAILY, HOURLY)).isFalse();
      assertThat(PartitionMappings.readsSeveral(overlap, MONTHLY, DAILY)).isFalse();
      assertThat(PartitionMappings.readsSeveral(overlap, WEEKLY, DAILY)).isFalse();
      assertThat(PartitionMappings.readsSeveral(overlap, DAILY, DAILY)).isFalse();
      assertThat(PartitionMappings.readsSeveral(overlap, HOURLY, DAILY)).isTrue();
      assertThat(PartitionMappings.readsSeveral(overlap, MONTHLY, WEEKLY)).isTrue();
      assertThat(
              PartitionMappings.readsSeveral(overlap, DAILY.withTimezone("Europe/Berlin"), DAILY))
          .isTrue();
    }

    @Test
    void aWeekReallyCanReadTwoMonths() {
      PartitionKeys february =
          new PartitionKeys(
              Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC), store);

      assertThat(
              february.upstreamKeys(
                  PartitionMapping.timeWindow(0),
                  Cardinality.MONTHLY,
                  Cardinality.WEEKLY,
                  "2024-01-29"))
          .containsExactly("2024-01-01", "2024-02-01");
    }

    @Test
    void allPartitionsReadsSeveralIdentityOneAndDimensionSeveralOnlyFromAMulti() {
      assertThat(PartitionMappings.readsSeveral(PartitionMapping.allPartitions(), REGIONS, null))
          .isTrue();
      assertThat(PartitionMappings.readsSeveral(PartitionMapping.allPartitions(), null, DAILY))
          .isFalse();
      assertThat(PartitionMappings.readsSeveral(PartitionMapping.identity(), REGIONS, REGIONS))
          .isFalse();
      assertThat(
              PartitionMappings.readsSeveral(
                  PartitionMapping.dimension("date"), DAILY_BY_REGION, DAILY))
          .isTrue();
      assertThat(
              PartitionMappings.readsSeveral(
                  PartitionMapping.dimension("date"), DAILY, DAILY_BY_REGION))
          .isFalse();
    }
  }

  @Nested
  class Defaults {
    @Test
    void unpartitionedOnEitherSideReadsAllPartitions() {
      assertThat(PartitionMappings.defaultFor(DAILY, null))
          .contains(PartitionMapping.allPartitions());
      assertThat(PartitionMappings.defaultFor(null, DAILY))
          .contains(PartitionMapping.allPartitions());
      assertThat(PartitionMappings.defaultFor(null, null))
          .contains(PartitionMapping.allPartitions());
    }

    @Test
    void equalDefinitionsMapByIdentity() {
      assertThat(PartitionMappings.defaultFor(REGIONS, PartitionsDefinition.staticKeys("us", "eu")))
          .contains(PartitionMapping.identity());
      assertThat(PartitionMappings.defaultFor(CUSTOMERS, PartitionsDefinition.dynamic("customers")))
          .contains(PartitionMapping.identity());
      assertThat(PartitionMappings.defaultFor(REGIONS, PartitionsDefinition.staticKeys("eu")))
          .contains(PartitionMapping.identity());
    }

    @Test
    void timeWindowsOfAnyCadenceMapByOverlap() {
      assertThat(PartitionMappings.defaultFor(HOURLY, DAILY))
          .contains(PartitionMapping.timeWindow(0));
      assertThat(PartitionMappings.defaultFor(DAILY, DAILY.withTimezone("Europe/Berlin")))
          .contains(PartitionMapping.timeWindow(0));
    }

    @Test
    void aMultiAndOneOfItsDimensionsMapByThatDimension() {
      assertThat(PartitionMappings.defaultFor(DAILY_BY_REGION, DAILY))
          .contains(PartitionMapping.dimension("date"));
      assertThat(PartitionMappings.defaultFor(REGIONS, DAILY_BY_REGION))
          .contains(PartitionMapping.dimension("region"));
      assertThat(PartitionMappings.defaultFor(DAILY_BY_REGION, HOURLY)).isEmpty();
    }

    @Test
    void mismatchedShapesHaveNoDefault() {
      assertThat(PartitionMappings.defaultFor(REGIONS, DAILY)).isEmpty();
      assertThat(PartitionMappings.defaultFor(CUSTOMERS, REGIONS)).isEmpty();
      assertThat(
              PartitionMappings.defaultFor(REGIONS, PartitionsDefinition.staticKeys("us", "apac")))
          .isEmpty();
    }

    @Test
    void theMismatchMessageNamesBothAssetsTheirPartitionsAndTheFix() {
      assertThat(PartitionMappings.mismatchMessage("daily_sales", DAILY, "regions", REGIONS))
          .isEqualTo(
              "asset \"daily_sales\" (daily partitions from 2024-01-01 in UTC) reads \"regions\""
                  + " (static partitions [us, eu]), and no partition mapping fits them by default."
                  + " Fix: @MapPartitions(ALL_PARTITIONS) on the input to read every partition of"
                  + " \"regions\", or give both assets the same partitions.");
      assertThat(PartitionMappings.mismatchMessage("by_customer", REGIONS, "customers", CUSTOMERS))
          .endsWith(
              "Fix: @MapPartitions(IDENTITY) on the input to read the partition with the same key,"
                  + " or @MapPartitions(ALL_PARTITIONS) to read all of them.");
      assertThat(
              PartitionMappings.mismatchMessage("hourly_sales", HOURLY, "sales", DAILY_BY_REGION))
          .contains("@MapPartitions(value = DIMENSION, dimension = \"...\")");
    }

    @Test
    void theInvalidMappingMessageNamesTheMappingAndTheReason() {
      PartitionMapping offset = PartitionMapping.timeWindow(-1);
      String problem = PartitionMappings.problem(offset, REGIONS, DAILY).orElseThrow();

      assertThat(
              PartitionMappings.invalidMappingMessage(
                  "daily_sales", DAILY, "regions", REGIONS, offset, problem))
          .isEqualTo(
              "asset \"daily_sales\" (daily partitions from 2024-01-01 in UTC) reads \"regions\""
                  + " (static partitions [us, eu]) with mapping \"time window with offset -1\","
                  + " which does not fit: a time window mapping needs time-window partitions on"
                  + " both sides, and the upstream has static partitions [us, eu].");
      assertThat(PartitionMappings.describe(null)).isEqualTo("unpartitioned");
    }
  }
}
