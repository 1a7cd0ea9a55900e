package dev.materia.examples.features;

import java.time.LocalDate;

/**
 * Activity of one customer on one day.
 *
 * <p>Example: {@code new DailyFeature(101, LocalDate.of(2024, 1, 1), 3, 42.0)}.
 */
public record DailyFeature(int customerId, LocalDate day, int events, double spend) {}
