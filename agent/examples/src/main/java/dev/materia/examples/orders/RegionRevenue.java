package dev.materia.examples.orders;

/**
 * Orders and revenue of one region.
 *
 * <p>Example: {@code new RegionRevenue("eu", 4, 120.0)}.
 */
public record RegionRevenue(String region, long orders, double revenue) {}
