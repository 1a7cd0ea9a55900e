package dev.materia.cli.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staleness by data version in a real Chromium over a real {@code materia dev} environment ({@code
 * web-ui/e2e/stale-after-new-data.test.mjs}): after the sales pipeline's first two assets are
 * materialized together, materializing {@code raw_sales_data} again with the same sales leaves
 * {@code cleaned_sales_data} up to date; after a sale is appended to the seed's sales file it turns
 * Stale, saying why. The in-process agent reads the file the system property names.
 */
class StaleAfterNewUpstreamDataInBrowserTest {
  private static final String SALES_FILE = "materia.examples.sales-file";
  private static final List<String> PAGES =
      List.of("cleaned-up-to-date", "cleaned-still-up-to-date", "cleaned-stale");

  @TempDir Path home;

  @AfterEach
  void forgetSalesFile() {
    System.clearProperty(SALES_FILE);
  }

  @Test
  void cleanedSalesDataTurnsStaleAfterRawSalesDataIsMaterializedWithNewData() throws Exception {
    Path sales = home.resolve("sales.csv");
    Files.writeString(sales, "# orderId,customerId,amount\n");
    System.setProperty(SALES_FILE, sales.toString());
    BrowserTests.runAsDevUser(
        home,
        "e2e/stale-after-new-data.test.mjs",
        1,
        PAGES,
        Map.of("MATERIA_SALES_FILE", sales.toString()));
  }
}
