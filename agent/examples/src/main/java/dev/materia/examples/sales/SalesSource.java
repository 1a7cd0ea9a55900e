package dev.materia.examples.sales;

import java.util.List;

/**
 * Where raw sales come from; a resource so tests and deployments can swap it.
 *
 * <p>Example: {@code SalesSource source = () -> List.of(new Sale(1, 101, 100.5));}
 */
@FunctionalInterface
public interface SalesSource {
  /**
   * A string in the seed data that must never leave the agent: the egress tests look for it in
   * everything the agent sent and in every table of the control plane's database.
   */
  String SENTINEL = "materia-egress-sentinel-5f0c2e7a";

  /**
   * The seed data: orders 1, 2, 3 with amounts 100.5, 250.0, 75.25 for customers 101, 102, 101;
   * order 2's note holds {@link #SENTINEL}.
   */
  SalesSource SEED =
      () ->
          List.of(
              new Sale(1, 101, 100.5),
              new Sale(2, 102, 250.0, "deliver to the back door " + SENTINEL),
              new Sale(3, 101, 75.25));

  /** Every sale as exported, bad rows included. */
  List<Sale> sales();
}
