package dev.materia.examples.orders;

import dev.materia.examples.GeneratorSettings;
import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.Retry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The orders pipeline: {@code raw_orders → cleaned_orders → orders_by_region}. Instance methods, to
 * show that a class with a public no-arg constructor works too.
 *
 * <pre>{@code
 * Materializer.materialize(new SeedLocation().definitions(), "raw_orders*", null)
 *     .output("orders_by_region");
 * }</pre>
 */
public final class OrderAssets {
  private static final List<String> REGIONS = List.of("apac", "eu", "us");

  public OrderAssets() {}

  /**
   * Orders generated locally from the {@code generator} settings; retried as a real source would
   * be.
   */
  @Asset(group = "orders", description = "Orders as received", kinds = "java", codeVersion = "1")
  @Retry(maxRetries = 2, delayMillis = 200)
  public List<Order> rawOrders(GeneratorSettings generator, AssetContext context) {
    Random random = new Random(generator.seed());
    List<Order> orders = new ArrayList<>(generator.orders());
    for (int id = 1; id <= generator.orders(); id++) {
      orders.add(
          new Order(
              id,
              REGIONS.get(random.nextInt(REGIONS.size())),
              1 + random.nextInt(5),
              Math.round(random.nextDouble(5, 50) * 100) / 100.0));
    }
    context.log().info("generated " + orders.size() + " orders with seed " + generator.seed());
    return orders;
  }

  /** Adds revenue = quantity × unit price and drops orders without a positive quantity. */
  @Asset(group = "orders", description = "Orders with revenue", kinds = "java", codeVersion = "1")
  public List<CleanedOrder> cleanedOrders(List<Order> rawOrders) {
    return rawOrders.stream()
        .filter(o -> o.quantity() > 0)
        .map(
            o ->
                new CleanedOrder(
                    o.orderId(),
                    o.region(),
                    o.quantity(),
                    o.unitPrice(),
                    o.quantity() * o.unitPrice()))
        .toList();
  }

  /** Orders and revenue per region, ordered by region. */
  @Asset(group = "orders", description = "Revenue per region", kinds = "java", codeVersion = "1")
  public List<RegionRevenue> ordersByRegion(List<CleanedOrder> cleanedOrders) {
    Map<String, double[]> byRegion = new TreeMap<>();
    for (CleanedOrder order : cleanedOrders) {
      double[] total = byRegion.computeIfAbsent(order.region(), k -> new double[2]);
      total[0] += 1;
      total[1] += order.revenue();
    }
    return byRegion.entrySet().stream()
        .map(e -> new RegionRevenue(e.getKey(), (long) e.getValue()[0], e.getValue()[1]))
        .toList();
  }
}
