package dev.materia.cli.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Materializing from the asset page in a real Chromium over a real {@code materia dev} environment
 * ({@code web-ui/e2e/materialize-asset-page.test.mjs}): the upstream of {@code sales_summary} from
 * the catalog's "Materialize selected" as one run, then {@code sales_summary} from its own page's
 * Materialize button; both runs succeed and the new materialization shows on the page.
 */
class MaterializeFromAssetPageInBrowserTest {
  private static final List<String> PAGES =
      List.of("catalog-selected", "asset-page-launched", "asset-page-materialized");

  @TempDir Path home;

  @Test
  void materializeSalesSummaryFromItsAssetPageAndSeeItSucceed() throws Exception {
    BrowserTests.runAsDevUser(home, "e2e/materialize-asset-page.test.mjs", 1, PAGES);
  }
}
