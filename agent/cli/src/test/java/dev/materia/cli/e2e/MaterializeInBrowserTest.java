package dev.materia.cli.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's acceptance walk over a real {@code materia dev} environment (control plane,
 * PostgreSQL and an agent with the seed examples) in a real Chromium ({@code
 * web-ui/e2e/materialize.test.mjs}): sign in, see the example graph, materialize {@code
 * sales_summary} from it, watch the run succeed with its live log, and find the new materialization
 * in the asset's detail; then backfill a range of {@code daily_features} partitions from its detail
 * and see them materialized. Screenshots of each page land in {@code target/screenshots/}.
 */
class MaterializeInBrowserTest {
  private static final List<String> PAGES =
      List.of(
          "home",
          "lineage",
          "run-detail",
          "catalog",
          "asset-detail",
          "lineage-after-run",
          "runs",
          "partitions-backfilled");

  @TempDir Path home;

  @Test
  void signInMaterializeSalesSummaryFromTheGraphWatchItSucceedAndSeeItsMaterialization()
      throws Exception {
    BrowserTests.runAsDevUser(home, "e2e/materialize.test.mjs", 2, PAGES);
  }
}
