package dev.materia.examples.features;

/**
 * A customer's segment for one day: {@code high} or {@code low} spend per event.
 *
 * <p>Example: {@code new CustomerSegment(101, "high")}.
 */
public record CustomerSegment(int customerId, String segment) {}
