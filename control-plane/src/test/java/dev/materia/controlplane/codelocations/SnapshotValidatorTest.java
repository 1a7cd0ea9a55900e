package dev.materia.controlplane.codelocations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.PartitionDimensionSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.codelocations.SnapshotValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotValidatorTest {
  private static AssetSnapshot asset(String key, String... deps) {
    return new AssetSnapshot(
        key, List.of(deps), "g", "", List.of(), Map.of(), List.of(), null, null, null);
  }

  private static AssetSnapshot partitioned(String key, PartitionsSnapshot partitions) {
    return new AssetSnapshot(
        key, List.of(), "g", "", List.of(), Map.of(), List.of(), null, partitions, null);
  }

  private static List<Violation> check(
      List<AssetSnapshot> assets, List<CheckSnapshot> checks, List<ScheduleSnapshot> schedules) {
    return SnapshotValidator.violations(
        new SnapshotUpload("sales", "v1", assets, checks, schedules, null));
  }

  private static List<Violation> check(List<AssetSnapshot> assets) {
    return check(assets, List.of(), List.of());
  }

  private static List<Violation> schedule(String cron, String selection, String timezone) {
    return check(
        List.of(asset("raw_orders"), asset("cleaned_orders", "raw_orders")),
        List.of(),
        List.of(new ScheduleSnapshot("nightly", cron, selection, timezone)));
  }

  @Test
  void aValidSnapshotBreaksNoRule() {
    assertThat(SnapshotValidator.violations(SnapshotUpload.of(Snapshots.sales("sales", "v1"))))
        .isEmpty();
    assertThat(
            SnapshotValidator.violations(
                SnapshotUpload.of(Snapshots.synthetic("big", 10_000, 30_000, 7))))
        .isEmpty();
  }

  @Test
  void aCycleIsNamedWithItsPathFromTheFirstAssetOnIt() {
    List<Violation> found =
        check(
            List.of(
                asset("raw"),
                asset("a", "raw", "c"),
                asset("b", "a"),
                asset("c", "b"),
                asset("downstream", "c")));

    assertThat(found).extracting(Violation::rule).containsExactly(SnapshotRule.CYCLE);
    assertThat(found.getFirst().field()).isEqualTo("assets[1].deps");
    assertThat(found.getFirst().message())
        .startsWith("code location sales: ")
        .contains("a → c → b → a")
        .contains("remove one of these dependencies");
  }

  @Test
  void cycleFindsNoneInAnAcyclicGraphAndOneLoopOtherwise() {
    assertThat(SnapshotValidator.cycle(new int[][] {{}, {0}, {0, 1}})).isEmpty();
    assertThat(SnapshotValidator.cycle(new int[][] {{}, {2}, {1}})).containsExactly(1, 2);
    assertThat(SnapshotValidator.cycle(new int[][] {{1}, {2}, {3}, {1}})).containsExactly(1, 2, 3);
  }

  @Test
  void aDanglingDependencySuggestsTheCloseKey() {
    List<Violation> found = check(List.of(asset("raw_orders"), asset("clean", "raw_order")));

    assertThat(found).extracting(Violation::rule).containsExactly(SnapshotRule.DANGLING_DEPENDENCY);
    assertThat(found.getFirst().field()).isEqualTo("assets[1].deps");
    assertThat(found.getFirst().message()).contains("Did you mean \"raw_orders\"?");
  }

  @Test
  void duplicatesAreNamedAtTheSecondOccurrence() {
    assertThat(check(List.of(asset("a"), asset("b"), asset("a"))))
        .extracting(Violation::rule, Violation::field)
        .containsExactly(tuple(SnapshotRule.DUPLICATE_ASSET, "assets[2].key"));
    assertThat(
            check(
                List.of(asset("a")),
                List.of(
                    new CheckSnapshot("a", "ok", true, ""),
                    new CheckSnapshot("a", "ok", false, "")),
                List.of()))
        .extracting(Violation::field)
        .containsExactly("checks[1].name");
  }

  @Test
  void cronsMustBeFiveFieldUnixCrons() {
    assertThat(schedule("0 2 * * *", "raw_orders+", "UTC")).isEmpty();
    assertThat(schedule("*/15 9-17 * * MON-FRI", "raw_orders+", "UTC")).isEmpty();
    for (String cron : List.of("every tuesday lol", "99 99 99 99 99", "0 0 2 * * *", "0 2 * *")) {
      List<Violation> found = schedule(cron, "raw_orders", "UTC");
      assertThat(found)
          .as(cron)
          .extracting(Violation::rule)
          .containsExactly(SnapshotRule.CRON_INVALID);
      assertThat(found.getFirst().field()).isEqualTo("schedules[0].cron");
      assertThat(found.getFirst().message()).contains("\"" + cron + "\"").contains("0 2 * * *");
    }
  }

  @Test
  void timezonesMustBeKnownZones() {
    assertThat(schedule("0 2 * * *", "raw_orders", "Europe/Berlin")).isEmpty();
    List<Violation> found = schedule("0 2 * * *", "raw_orders", "Mars/Olympus");

    assertThat(found).extracting(Violation::rule).containsExactly(SnapshotRule.TIMEZONE_INVALID);
    assertThat(found.getFirst().message()).contains("Mars/Olympus").contains("Europe/Berlin");
  }

  @Test
  void aScheduleSelectionMustParseAndSelectAnAssetOfTheLocation() {
    assertThat(schedule("0 2 * * *", "group:g", "UTC")).isEmpty();
    assertThat(schedule("0 2 * * *", "a,,b", "UTC"))
        .extracting(Violation::rule)
        .containsExactly(SnapshotRule.SELECTION_INVALID);
    assertThat(schedule("0 2 * * *", "group:finance", "UTC"))
        .extracting(Violation::rule)
        .containsExactly(SnapshotRule.SELECTION_SELECTS_NOTHING);
    List<Violation> unknown = schedule("0 2 * * *", "raw_order", "UTC");
    assertThat(unknown)
        .extracting(Violation::rule)
        .containsExactly(SnapshotRule.SELECTION_SELECTS_NOTHING);
    assertThat(unknown.getFirst().message()).contains("Did you mean \"raw_orders\"?");
  }

  @Test
  void partitionsMustMakeADefinition() {
    PartitionsSnapshot notMidnight =
        PartitionsSnapshot.timeWindow(
            PartitionsKind.DAILY, "2024-01-01T05:00", null, "UTC", "daily");
    PartitionsSnapshot twoTimeDimensions =
        PartitionsSnapshot.multi(
            "m",
            new PartitionDimensionSnapshot(
                "day",
                PartitionsSnapshot.timeWindow(
                    PartitionsKind.DAILY, "2024-01-01T00:00", null, "UTC", "d")),
            new PartitionDimensionSnapshot(
                "hour",
                PartitionsSnapshot.timeWindow(
                    PartitionsKind.HOURLY, "2024-01-01T00:00", null, "UTC", "h")),
            "multi");
    PartitionsSnapshot pipeInKey = PartitionsSnapshot.staticKeys(List.of("us|eu"), "static");

    for (PartitionsSnapshot bad : List.of(notMidnight, twoTimeDimensions, pipeInKey)) {
      List<Violation> found = check(List.of(partitioned("a", bad)));
      assertThat(found)
          .as(bad.toString())
          .extracting(Violation::rule)
          .containsExactly(SnapshotRule.PARTITIONS_INVALID);
      assertThat(found.getFirst().field()).isEqualTo("assets[0].partitions");
    }
    assertThat(
            check(
                List.of(partitioned("a", PartitionsSnapshot.staticKeys(List.of("us", "eu"), "s")))))
        .isEmpty();
  }

  @Test
  void sizesOverTheLimitsAreRefusedBeforeTheGraphIsLookedAt() {
    List<AssetSnapshot> many = new ArrayList<>();
    for (int i = 0; i <= SnapshotValidator.MAX_ASSETS; i++) {
      many.add(asset("a" + i, "a" + (i + 1)));
    }

    assertThat(check(many))
        .extracting(Violation::rule, Violation::field)
        .containsExactly(tuple(SnapshotRule.TOO_MANY_ASSETS, "assets"));
    assertThat(check(List.of(asset("k".repeat(SnapshotValidator.MAX_KEY))))).isEmpty();
  }

  @Test
  void everyViolationIsReportedUpToTheCap() {
    List<AssetSnapshot> dangling = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      dangling.add(asset("a" + i, "missing"));
    }

    assertThat(check(dangling)).hasSize(SnapshotValidator.MAX_REPORTED);
  }

  @Test
  void nullEntriesAreNamedByPosition() {
    List<ScheduleSnapshot> schedules = new ArrayList<>();
    schedules.add(null);

    assertThat(check(List.of(asset("a")), List.of(), schedules))
        .extracting(Violation::field)
        .containsExactly("schedules[0]");
  }
}
