package dev.materia.cli.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launching one partition from the lineage graph in a real Chromium over a real {@code materia dev}
 * environment ({@code web-ui/e2e/launch-partition.test.mjs}): {@code daily_features} picked on the
 * graph, a day typed into the panel's partition picker, and that one-partition run succeeds.
 */
class LaunchPartitionFromGraphInBrowserTest {
  private static final List<String> PAGES = List.of("lineage-partition-picker", "partition-run");

  @TempDir Path home;

  @Test
  void launchOnePartitionOfDailyFeaturesFromTheGraphsPickerAndSeeItSucceed() throws Exception {
    BrowserTests.runAsDevUser(home, "e2e/launch-partition.test.mjs", 1, PAGES);
  }
}
