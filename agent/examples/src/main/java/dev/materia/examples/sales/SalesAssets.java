package dev.materia.examples.sales;

import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetCheck;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.CheckResult;
import dev.materia.sdk.MaterializeResult;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sales pipeline: {@code raw_sales_data → cleaned_sales_data → sales_summary}.
 *
 * <pre>{@code
 * Materializer.materialize(new SeedLocation().definitions(), "group:sales", null)
 *     .output("sales_summary");   // [CustomerSummary[101, 175.75, 2, 87.875], ...]
 * }</pre>
 */
public final class SalesAssets {
  private SalesAssets() {}

  /**
   * Sales as the source exports them. The data version is a hash of the rows, so materializing the
   * same sales again leaves the assets downstream up to date and new sales make them stale.
   */
  @Asset(
      group = "sales",
      description = "Sales as exported, bad rows included",
      owners = "team-sales@example.com",
      kinds = "java",
      codeVersion = "1")
  public static MaterializeResult<List<Sale>> rawSalesData(
      SalesSource source, AssetContext context) {
    List<Sale> sales = source.sales();
    context.log().info("read " + sales.size() + " sales");
    return MaterializeResult.of(sales).withDataVersion(dataVersion(sales));
  }

  /** The first 24 hex digits of the SHA-256 of the rows. */
  static String dataVersion(List<Sale> sales) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(sales.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).substring(0, 24);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Drops bad rows: a missing customer or amount, or an amount that is not positive. */
  @Asset(
      group = "sales",
      description = "Sales with a customer and a positive amount",
      kinds = "java",
      codeVersion = "1")
  public static MaterializeResult<List<Sale>> cleanedSalesData(List<Sale> rawSalesData) {
    List<Sale> kept =
        rawSalesData.stream()
            .filter(s -> s.customerId() != null && s.amount() != null && s.amount() > 0)
            .toList();
    return MaterializeResult.of(kept)
        .withMetadata("dropped_rows", rawSalesData.size() - kept.size());
  }

  /** Sum, count and mean amount per customer, ordered by customer. */
  @Asset(
      group = "sales",
      description = "Sum, count and mean amount per customer",
      tags = "tier=gold",
      kinds = "java",
      codeVersion = "1")
  public static List<CustomerSummary> salesSummary(List<Sale> cleanedSalesData) {
    Map<Integer, double[]> totals = new TreeMap<>();
    for (Sale sale : cleanedSalesData) {
      double[] total = totals.computeIfAbsent(sale.customerId(), k -> new double[2]);
      total[0] += sale.amount();
      total[1] += 1;
    }
    return totals.entrySet().stream()
        .map(
            e ->
                new CustomerSummary(
                    e.getKey(),
                    e.getValue()[0],
                    (long) e.getValue()[1],
                    e.getValue()[0] / e.getValue()[1]))
        .sorted(Comparator.comparingInt(CustomerSummary::customerId))
        .toList();
  }

  /** Every sale left after cleaning has a positive amount. */
  @AssetCheck(asset = "cleaned_sales_data", description = "amount > 0 in every row")
  public static CheckResult positiveAmounts(List<Sale> cleanedSalesData) {
    long bad = cleanedSalesData.stream().filter(s -> s.amount() <= 0).count();
    return CheckResult.of(bad == 0).withMetadata("non_positive_rows", bad);
  }
}
