package dev.materia.examples;

/**
 * How the example data is generated. Registered as resource {@code generator}, so it can be changed
 * without code: {@code MATERIA_RESOURCE_GENERATOR_SEED=7 MATERIA_RESOURCE_GENERATOR_ORDERS=100}.
 *
 * <p>Example: {@code new GeneratorSettings(42, 12)}.
 *
 * @param seed seeds the pseudo-random generator, so the same settings give the same data
 * @param orders how many raw orders to generate
 */
public record GeneratorSettings(long seed, int orders) {
  public GeneratorSettings {
    if (orders < 0) {
      throw new IllegalArgumentException("orders must be >= 0 but was " + orders);
    }
  }
}
