package dev.materia.examples.features;

import java.time.LocalDate;

/**
 * Model features of one customer for one day; {@code spendPerEvent} is null when the customer had
 * no events, which the blocking {@code no_null_features} check rejects.
 *
 * <p>Example: {@code new CustomerFeature(101, LocalDate.of(2024, 1, 1), 42.0, 14.0)}.
 */
public record CustomerFeature(int customerId, LocalDate day, double spend, Double spendPerEvent) {}
