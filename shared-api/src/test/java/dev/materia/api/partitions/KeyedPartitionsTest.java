package dev.materia.api.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.TimeWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Static, dynamic and multi partitions. */
class KeyedPartitionsTest {
  final InMemoryDynamicPartitionsStore store = new InMemoryDynamicPartitionsStore();
  final PartitionKeys partitions =
      new PartitionKeys(Clock.fixed(Instant.parse("2024-01-04T00:00:00Z"), ZoneOffset.UTC), store);

  @Nested
  class Static {
    PartitionSet regions = partitions.of(PartitionsDefinition.staticKeys("us", "eu", "apac"));

    @Test
    void keepsDeclaredOrderForKeysAndRanges() {
      assertThat(regions.keys()).containsExactly("us", "eu", "apac");
      assertThat(regions.range("eu", "apac")).containsExactly("eu", "apac");
      assertThat(regions.range("us", "us")).containsExactly("us");
      assertThat(regions.timeWindow("eu")).isEmpty();
    }

    @Test
    void rejectsAnUnknownKeyNamingTheKeys() {
      assertThat(regions.contains("US")).isFalse();
      assertThatThrownBy(() -> regions.check("US"))
          .isInstanceOf(InvalidPartitionKeyException.class)
          .hasMessage(
              "\"US\" is not a key of static partitions [us, eu, apac]: use one of them, e.g. us");
    }

    @Test
    void rejectsAReversedRange() {
      assertThatThrownBy(() -> regions.range("apac", "us"))
          .hasMessage(
              "partition range \"apac...us\" is reversed: apac comes after us; write us...apac");
    }
  }

  @Nested
  class Dynamic {
    PartitionSet customers = partitions.of(PartitionsDefinition.dynamic("customers"));

    @Test
    void seesKeysAddedAfterTheSetWasCreated() {
      assertThat(customers.keys()).isEmpty();

      store.add("customers", "acme");
      store.add("customers", "globex");

      assertThat(customers.keys()).containsExactly("acme", "globex");
      assertThat(customers.contains("acme")).isTrue();
      assertThat(partitions.of(PartitionsDefinition.dynamic("suppliers")).keys()).isEmpty();
    }

    @Test
    void keepsInsertionOrderIgnoresRepeatsAndForgetsRemovedKeys() {
      assertThat(store.addAll("customers", List.of("c", "a", "b", "a"))).isEqualTo(3);
      assertThat(store.add("customers", "c")).isFalse();
      assertThat(customers.range("a", "b")).containsExactly("a", "b");

      assertThat(store.remove("customers", "a")).isTrue();

      assertThat(customers.keys()).containsExactly("c", "b");
      assertThat(store.remove("customers", "a")).isFalse();
    }

    @Test
    void rejectsAKeyNotAddedYetAndSaysHowToAddIt() {
      assertThatThrownBy(() -> customers.check("acme"))
          .hasMessage(
              "\"acme\" is not a key of dynamic partitions \"customers\": it has no keys yet; add"
                  + " \"acme\" to the dynamic partitions store first");

      store.add("customers", "globex");

      assertThatThrownBy(() -> customers.check("acme"))
          .hasMessage(
              "\"acme\" is not a key of dynamic partitions \"customers\": add it to the dynamic"
                  + " partitions store first, or use an existing key such as globex");
    }

    @Test
    void storeRejectsMalformedKeys() {
      assertThatThrownBy(() -> store.add("customers", "a|b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"a|b\" contains '|'");
    }
  }

  @Nested
  class Multi {
    PartitionsDefinition.Multi definition =
        PartitionsDefinition.multi(
            "daily_by_region",
            PartitionsDefinition.dimension(
                "date", PartitionsDefinition.daily(LocalDate.parse("2024-01-01"))),
            PartitionsDefinition.dimension("region", PartitionsDefinition.staticKeys("us", "eu")));
    PartitionSet set = partitions.of(definition);

    @Test
    void keysJoinTheDimensionsWithABarInDeclarationOrder() {
      assertThat(set.keys())
          .containsExactly(
              "2024-01-01|us",
              "2024-01-01|eu",
              "2024-01-02|us",
              "2024-01-02|eu",
              "2024-01-03|us",
              "2024-01-03|eu");
      assertThat(set.size()).isEqualTo(6);
      assertThat(set.contains("2024-01-02|eu")).isTrue();
      assertThat(set.contains("eu|2024-01-02")).isFalse();
    }

    @Test
    void theTimeWindowIsTheTimeDimensionsWindow() {
      assertThat(set.timeWindow("2024-01-02|eu"))
          .contains(
              new TimeWindow(
                  ZonedDateTime.parse("2024-01-02T00:00Z[UTC]"),
                  ZonedDateTime.parse("2024-01-03T00:00Z[UTC]")));
    }

    @Test
    void aStaticByDynamicKeyHasNoWindow() {
      store.add("customers", "acme");
      PartitionSet mixed =
          partitions.of(
              PartitionsDefinition.multi(
                  "region_customer",
                  PartitionsDefinition.dimension("region", PartitionsDefinition.staticKeys("us")),
                  PartitionsDefinition.dimension(
                      "customer", PartitionsDefinition.dynamic("customers"))));

      assertThat(mixed.keys()).containsExactly("us|acme");
      assertThat(mixed.timeWindow("us|acme")).isEmpty();
    }

    @Test
    void aRangeIsTheRectangleBetweenItsCorners() {
      assertThat(set.range("2024-01-02|us", "2024-01-03|eu"))
          .containsExactly("2024-01-02|us", "2024-01-02|eu", "2024-01-03|us", "2024-01-03|eu");
      assertThat(set.expand("2024-01-01|eu...2024-01-03|eu"))
          .containsExactly("2024-01-01|eu", "2024-01-02|eu", "2024-01-03|eu");
    }

    @Test
    void rejectsAKeyWithoutExactlyOneBar() {
      assertThatThrownBy(() -> set.check("2024-01-01"))
          .hasMessage(
              "\"2024-01-01\" is not a key of multi partitions \"daily_by_region\" (date: daily"
                  + " partitions from 2024-01-01 in UTC; region: static partitions [us, eu]):"
                  + " expected date|region, e.g. 2024-01-01|us");
      assertThat(set.contains("2024-01-01|us|eu")).isFalse();
    }

    @Test
    void rejectsABadDimensionKeyNamingTheDimension() {
      assertThatThrownBy(() -> set.check("2024-01-01|apac"))
          .hasMessage(
              "\"2024-01-01|apac\" is not a key of multi partitions \"daily_by_region\": its"
                  + " region \"apac\" is not a key of static partitions [us, eu]: use one of them,"
                  + " e.g. us (e.g. 2024-01-01|us)");
    }

    @Test
    void rejectsARangeReversedInOneDimensionAndShowsTheFixedRange() {
      assertThatThrownBy(() -> set.range("2024-01-01|eu", "2024-01-03|us"))
          .hasMessage(
              "partition range \"2024-01-01|eu...2024-01-03|us\" is reversed in dimension region:"
                  + " eu comes after us; write 2024-01-01|us...2024-01-03|eu");
    }
  }
}
