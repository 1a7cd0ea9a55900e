package dev.materia.examples.sales;

/**
 * Sales of one customer: sum, count and mean amount.
 *
 * <p>Example: {@code new CustomerSummary(101, 175.75, 2, 87.875)}.
 */
public record CustomerSummary(int customerId, double sum, long count, double mean) {}
