package dev.materia.cli.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's data pages over a real {@code materia dev} environment in a real Chromium ({@code
 * web-ui/e2e/data-pages.test.mjs}): a snapshot uploaded through the agent API shows in the catalog,
 * an asset's detail and the lineage graph; a materialization launched from the graph is queued,
 * shown and cancelled; a daily asset in America/New_York shows exactly the partition keys the
 * server computes, across the 2024-03-10 spring-forward.
 */
class DataPagesInBrowserTest {
  private static final List<String> PAGES =
      List.of(
          "uploaded-catalog",
          "uploaded-asset-detail",
          "uploaded-lineage",
          "canceled-run",
          "uploaded-runs",
          "new-york-partitions");

  @TempDir Path home;

  @Test
  void snapshotShowsInCatalogDetailAndGraphARunIsCancelledAndNewYorkKeysMatchTheServers()
      throws Exception {
    BrowserTests.runAsDevUser(home, "e2e/data-pages.test.mjs", 3, PAGES);
  }
}
