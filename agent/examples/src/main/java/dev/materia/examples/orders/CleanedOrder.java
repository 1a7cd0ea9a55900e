package dev.materia.examples.orders;

/**
 * An order with its revenue: quantity × unit price.
 *
 * <p>Example: {@code new CleanedOrder(1, "eu", 3, 10.0, 30.0)}.
 */
public record CleanedOrder(
    int orderId, String region, int quantity, double unitPrice, double revenue) {}
