package dev.materia.runtime.partitions;

import static dev.materia.sdk.PartitionMapping.Kind.ALL_PARTITIONS;
import static dev.materia.sdk.PartitionMapping.Kind.DIMENSION;
import static dev.materia.sdk.PartitionMapping.Kind.IDENTITY;
import static dev.materia.sdk.PartitionMapping.Kind.TIME_WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.DailyPartitions;
import dev.materia.sdk.HourlyPartitions;
import dev.materia.sdk.MapPartitions;
import dev.materia.sdk.MonthlyPartitions;
import dev.materia.sdk.NamedPartitions;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.PartitionsDefinition.Cadence;
import dev.materia.sdk.PartitionsDefinition.TimeWindowed;
import dev.materia.sdk.StaticPartitions;
import dev.materia.sdk.WeeklyPartitions;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading partitions and mapping annotations from asset methods, and every load-time message. */
class PartitionsAnnotationsTest {
  static final String HERE = PartitionsAnnotationsTest.class.getName();

  // The methods below stand in for asset methods; only their annotations matter.

  static void unpartitioned() {}

  @DailyPartitions(start = "2024-01-01", end = "2025-01-01", timezone = "Europe/Berlin")
  static void daily() {}

  @HourlyPartitions(start = "2024-01-01-06:00")
  static void hourly() {}

  @HourlyPartitions(start = "2024-01-01")
  static void hourlyFromADate() {}

  @WeeklyPartitions(start = "2024-01-01")
  static void weekly() {}

  @MonthlyPartitions(start = "2024-01-01")
  static void monthly() {}

  @StaticPartitions({"us", "eu"})
  static void regions() {}

  @NamedPartitions("customers")
  static void customers() {}

  @DailyPartitions(start = "2024-13-01")
  static void badStart() {}

  @DailyPartitions(start = "2024-03-01", end = "2024-02-01")
  static void startAfterEnd() {}

  @DailyPartitions(start = "2024-01-01", timezone = "Europe/Berln")
  static void misspeltTimezone() {}

  @DailyPartitions(start = "2024-01-01", timezone = "Mars/Olympus")
  static void unknownTimezone() {}

  @WeeklyPartitions(start = "2024-01-03")
  static void weeklyOnAWednesday() {}

  @MonthlyPartitions(start = "2024-01-01", end = "2024-12-31")
  static void monthlyEndOnTheLastDay() {}

  @HourlyPartitions(start = "2024-01-01-06:30")
  static void hourlyOffTheHour() {}

  @StaticPartitions({})
  static void noKeys() {}

  @StaticPartitions({"us", "eu", "us"})
  static void duplicateKeys() {}

  @StaticPartitions({"us|east"})
  static void barInKey() {}

  @DailyPartitions(start = "2024-01-01")
  @StaticPartitions({"us"})
  static void twoAnnotations() {}

  static void inputs(
      @MapPartitions(value = TIME_WINDOW, offset = -1) String previousDay,
      @MapPartitions(value = TIME_WINDOW, offset = -1, allowMissing = true) String lenient,
      @MapPartitions(ALL_PARTITIONS) String all,
      @MapPartitions(IDENTITY) String same,
      @MapPartitions(value = DIMENSION, dimension = "date") String byDate,
      String plain) {}

  static void badInputs(
      @MapPartitions(value = IDENTITY, offset = -1) String offsetOnIdentity,
      @MapPartitions(value = ALL_PARTITIONS, dimension = "date") String dimensionOnAll,
      @MapPartitions(DIMENSION) String dimensionWithoutName,
      @MapPartitions(value = IDENTITY, upstream = "raw") String upstreamOnParameter,
      @MapPartitions(IDENTITY) @MapPartitions(ALL_PARTITIONS) String twice,
      @MapPartitions(value = ALL_PARTITIONS, allowMissing = true) String allowMissingOnAll) {}

  @MapPartitions(value = TIME_WINDOW, offset = -1, upstream = "raw_events")
  @MapPartitions(value = ALL_PARTITIONS, upstream = "regions")
  static void deps() {}

  @MapPartitions(ALL_PARTITIONS)
  static void depWithoutUpstream() {}

  @MapPartitions(value = ALL_PARTITIONS, upstream = "raw")
  @MapPartitions(value = IDENTITY, upstream = "raw")
  static void depTwice() {}

  static Method method(String name) {
    return Arrays.stream(PartitionsAnnotationsTest.class.getDeclaredMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static Optional<PartitionsDefinition> read(String name) {
    return Partitions.fromAnnotations(method(name));
  }

  static Parameter parameter(String method, String name) {
    return Arrays.stream(method(method).getParameters())
        .filter(p -> p.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static Optional<PartitionMapping> mapping(String method, String name) {
    return Partitions.mappingOf(method(method), parameter(method, name));
  }

  @Test
  void anUnannotatedMethodIsUnpartitioned() {
    assertThat(read("unpartitioned")).isEmpty();
  }

  @Test
  void readsEachTimeWindowAnnotation() {
    assertThat(read("daily"))
        .contains(
            new TimeWindowed(
                Cadence.DAILY,
                LocalDateTime.parse("2024-01-01T00:00"),
                LocalDateTime.parse("2025-01-01T00:00"),
                ZoneId.of("Europe/Berlin")));
    assertThat(read("hourly"))
        .contains(PartitionsDefinition.hourly(LocalDateTime.parse("2024-01-01T06:00")));
    assertThat(read("hourlyFromADate"))
        .contains(PartitionsDefinition.hourly(LocalDateTime.parse("2024-01-01T00:00")));
    assertThat(read("weekly")).contains(PartitionsDefinition.weekly(LocalDate.parse("2024-01-01")));
    assertThat(read("monthly")).contains(PartitionsDefinition.monthly(YearMonth.of(2024, 1)));
  }

  @Test
  void readsStaticKeysInOrder() {
    assertThat(read("regions")).contains(PartitionsDefinition.staticKeys("us", "eu"));
  }

  @Test
  void resolvesNamedPartitionsAgainstTheRegisteredOnes() {
    PartitionsDefinition customers = PartitionsDefinition.dynamic("customers");

    assertThat(Partitions.fromAnnotations(method("customers"), Map.of("customers", customers)))
        .contains(customers);
  }

  @Test
  void rejectsAnUnregisteredName() {
    assertThatThrownBy(
            () ->
                Partitions.fromAnnotations(
                    method("customers"), Map.of("accounts", PartitionsDefinition.dynamic("a"))))
        .isInstanceOf(InvalidPartitionsException.class)
        .hasMessage(
            "@NamedPartitions on "
                + HERE
                + ".customers() names partitions \"customers\", but no partitions definition is"
                + " registered under that name (registered: accounts): register one with"
                + " Definitions.builder().partitions(PartitionsDefinition.dynamic(\"customers\"))"
                + " or fix the name");
  }

  @Test
  void rejectsAStartThatIsNotADate() {
    assertThatThrownBy(() -> read("badStart"))
        .isInstanceOf(InvalidPartitionsException.class)
        .hasMessage(
            "@DailyPartitions on "
                + HERE
                + ".badStart(): start \"2024-13-01\" is not a valid date: expected yyyy-MM-dd,"
                + " e.g. \"2024-01-01\"");
  }

  @Test
  void rejectsAStartAfterTheEnd() {
    assertThatThrownBy(() -> read("startAfterEnd"))
        .hasMessage(
            "@DailyPartitions on "
                + HERE
                + ".startAfterEnd(): end 2024-02-01 is not after start 2024-03-01: end is the"
                + " exclusive end of the last partition, so it must come after start; e.g. start ="
                + " \"2024-03-01\", end = \"2024-03-02\" makes one partition");
  }

  @Test
  void rejectsAMisspeltTimezoneSuggestingTheNearestOne() {
    assertThatThrownBy(() -> read("misspeltTimezone"))
        .hasMessage(
            "@DailyPartitions on "
                + HERE
                + ".misspeltTimezone(): timezone \"Europe/Berln\" is unknown: did you mean"
                + " \"Europe/Berlin\"?");
  }

  @Test
  void rejectsAnUnknownTimezoneWithExamples() {
    assertThatThrownBy(() -> read("unknownTimezone"))
        .hasMessage(
            "@DailyPartitions on "
                + HERE
                + ".unknownTimezone(): timezone \"Mars/Olympus\" is unknown: use a region ID such"
                + " as \"UTC\" or \"Europe/Berlin\"");
  }

  @Test
  void rejectsAWeeklyStartThatIsNotAMonday() {
    assertThatThrownBy(() -> read("weeklyOnAWednesday"))
        .hasMessage(
            "@WeeklyPartitions on "
                + HERE
                + ".weeklyOnAWednesday(): weekly start 2024-01-03 is a Wednesday; weekly"
                + " partitions start on Monday (ISO-8601 weeks): use 2024-01-01 or 2024-01-08");
  }

  @Test
  void rejectsAMonthlyEndOnTheLastDayOfAMonth() {
    assertThatThrownBy(() -> read("monthlyEndOnTheLastDay"))
        .hasMessage(
            "@MonthlyPartitions on "
                + HERE
                + ".monthlyEndOnTheLastDay(): monthly end 2024-12-31 is not the first day of"
                + " a month; monthly partitions start on the 1st: use 2024-12-01 or 2025-01-01");
  }

  @Test
  void rejectsAnHourlyStartOffTheHour() {
    assertThatThrownBy(() -> read("hourlyOffTheHour"))
        .hasMessage(
            "@HourlyPartitions on "
                + HERE
                + ".hourlyOffTheHour(): hourly start 2024-01-01-06:30 is not at the top of an"
                + " hour: use 2024-01-01-06:00 or 2024-01-01-07:00");
  }

  @Test
  void rejectsAnEmptyStaticList() {
    assertThatThrownBy(() -> read("noKeys"))
        .hasMessage(
            "@StaticPartitions on "
                + HERE
                + ".noKeys() lists no keys: give at least one, e.g. @StaticPartitions({\"us\","
                + " \"eu\"})");
  }

  @Test
  void rejectsDuplicateStaticKeys() {
    assertThatThrownBy(() -> read("duplicateKeys"))
        .hasMessage(
            "@StaticPartitions on "
                + HERE
                + ".duplicateKeys(): static partition key \"us\" appears twice in [us, eu, us]:"
                + " list it once");
  }

  @Test
  void rejectsAStaticKeyWithAReservedCharacter() {
    assertThatThrownBy(() -> read("barInKey"))
        .hasMessage(
            "@StaticPartitions on "
                + HERE
                + ".barInKey(): partition key \"us|east\" contains '|', which joins the keys of"
                + " multi partitions: use a key like \"us\" or \"customer-42\"");
  }

  @Test
  void rejectsTwoPartitionsAnnotationsOnOneMethod() {
    assertThatThrownBy(() -> read("twoAnnotations"))
        .hasMessage(
            HERE
                + ".twoAnnotations() has @DailyPartitions and @StaticPartitions, but an asset has"
                + " one partitions definition: keep one, or combine two with"
                + " PartitionsDefinition.multi(...) registered in Definitions");
  }

  @Test
  void readsEachMappingFromItsParameter() {
    assertThat(mapping("inputs", "previousDay")).contains(PartitionMapping.timeWindow(-1));
    assertThat(mapping("inputs", "lenient"))
        .contains(PartitionMapping.timeWindow(-1).allowingMissing());
    assertThat(mapping("inputs", "all")).contains(PartitionMapping.allPartitions());
    assertThat(mapping("inputs", "same")).contains(PartitionMapping.identity());
    assertThat(mapping("inputs", "byDate")).contains(PartitionMapping.dimension("date"));
    assertThat(mapping("inputs", "plain")).isEmpty();
  }

  @Test
  void rejectsAttributesTheKindDoesNotUse() {
    String on = " of " + HERE + ".badInputs()";
    assertThatThrownBy(() -> mapping("badInputs", "offsetOnIdentity"))
        .isInstanceOf(InvalidPartitionsException.class)
        .hasMessage(
            "@MapPartitions on parameter offsetOnIdentity"
                + on
                + " sets offset = -1, which only TIME_WINDOW uses: write @MapPartitions(value ="
                + " TIME_WINDOW, offset = -1) or remove it");
    assertThatThrownBy(() -> mapping("badInputs", "allowMissingOnAll"))
        .hasMessageContaining("sets allowMissing, which only TIME_WINDOW uses");
    assertThatThrownBy(() -> mapping("badInputs", "dimensionOnAll"))
        .hasMessage(
            "@MapPartitions on parameter dimensionOnAll"
                + on
                + " sets dimension = \"date\", which only DIMENSION uses: write @MapPartitions(value"
                + " = DIMENSION, dimension = \"date\") or remove it");
    assertThatThrownBy(() -> mapping("badInputs", "dimensionWithoutName"))
        .hasMessage(
            "@MapPartitions on parameter dimensionWithoutName"
                + on
                + " does not name the dimension: add dimension = \"<name>\", e.g."
                + " @MapPartitions(value = DIMENSION, dimension = \"date\")");
  }

  @Test
  void rejectsUpstreamOnAParameterAndTwoMappingsOnOne() {
    String on = " of " + HERE + ".badInputs()";
    assertThatThrownBy(() -> mapping("badInputs", "upstreamOnParameter"))
        .hasMessage(
            "@MapPartitions on parameter upstreamOnParameter"
                + on
                + " sets upstream = \"raw\", which is only for @MapPartitions on the method (for"
                + " deps); on a parameter the upstream is the parameter's own: remove upstream");
    assertThatThrownBy(() -> mapping("badInputs", "twice"))
        .hasMessage(
            "@MapPartitions on parameter twice"
                + on
                + " appears 2 times: an input has one mapping; keep one");
  }

  @Test
  void readsMethodLevelMappingsByUpstream() {
    assertThat(Partitions.mappingsOnMethod(method("deps")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "raw_events", PartitionMapping.timeWindow(-1),
                "regions", PartitionMapping.allPartitions()));
    assertThat(Partitions.mappingsOnMethod(method("unpartitioned"))).isEmpty();
  }

  @Test
  void rejectsAMethodLevelMappingWithoutUpstreamOrTwiceForOne() {
    assertThatThrownBy(() -> Partitions.mappingsOnMethod(method("depWithoutUpstream")))
        .hasMessage(
            "@MapPartitions(ALL_PARTITIONS) on "
                + HERE
                + ".depWithoutUpstream() does not say which upstream it maps: add upstream ="
                + " \"<asset key>\" naming one of the asset's deps, or put the annotation on the"
                + " input parameter");
    assertThatThrownBy(() -> Partitions.mappingsOnMethod(method("depTwice")))
        .hasMessage(
            "@MapPartitions(IDENTITY) on "
                + HERE
                + ".depTwice() maps upstream \"raw\" a second time: an upstream has one mapping;"
                + " keep one");
  }
}
