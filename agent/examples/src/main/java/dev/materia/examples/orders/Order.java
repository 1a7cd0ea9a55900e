package dev.materia.examples.orders;

/**
 * One raw order line.
 *
 * <p>Example: {@code new Order(1, "eu", 3, 9.99)}.
 */
public record Order(int orderId, String region, int quantity, double unitPrice) {}
