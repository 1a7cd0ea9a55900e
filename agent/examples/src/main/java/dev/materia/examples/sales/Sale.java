package dev.materia.examples.sales;

/**
 * One exported sale. Fields are boxed because raw exports contain holes.
 *
 * <p>Example: {@code new Sale(1, 101, 100.5)}.
 *
 * @param orderId the order
 * @param customerId the customer, or null in a bad row
 * @param amount the amount, or null in a bad row
 * @param note free text the customer wrote, or null; data that must stay with the agent
 */
public record Sale(int orderId, Integer customerId, Double amount, String note) {
  /** A sale without a note. */
  public Sale(int orderId, Integer customerId, Double amount) {
    this(orderId, customerId, amount, null);
  }
}
