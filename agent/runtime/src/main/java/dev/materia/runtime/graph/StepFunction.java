package dev.materia.runtime.graph;

/**
 * The computation behind an asset or check: what the engine calls, given the step's inputs.
 *
 * <p>The loader builds one from an annotated method; tests and benchmarks may write lambdas: {@code
 * inputs -> ((Integer) inputs.input("a")) + 1}.
 */
@FunctionalInterface
public interface StepFunction {
  /**
   * Computes the value (an asset's value, a {@code MaterializeResult} or a {@code CheckResult}).
   */
  Object apply(StepInputs inputs) throws Exception;
}
