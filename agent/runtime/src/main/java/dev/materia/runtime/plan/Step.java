package dev.materia.runtime.plan;

import dev.materia.runtime.graph.CheckNode;
import java.util.List;

/**
 * One unit of work in an {@link ExecutionPlan}: an asset to materialize or a check to evaluate,
 * with its position, its edges to other steps, and its resolved inputs.
 *
 * <p>Example: {@code plan.steps().get(0).key()} is {@code raw_orders}; a check step's key is {@code
 * customer_features:no_nulls}.
 *
 * @param index position in {@link ExecutionPlan#steps()}, which is a topological order
 * @param key the asset key, or {@code asset:check} for a check
 * @param checkName the check's name, or null for an asset step
 * @param partitionKey the partition to write or check, or null when the asset is unpartitioned
 * @param upstream indexes of the steps that must finish first
 * @param after indexes of the steps that must finish first whatever their outcome: in a partition
 *     range, the same asset's previous partition, so partitions run in key order and a failed one
 *     does not skip the next
 * @param downstream indexes of the steps waiting for this one (through {@code upstream} or {@code
 *     after})
 * @param inputs resolved loaded inputs, in dependency order
 */
public record Step(
    int index,
    String key,
    StepKind kind,
    String assetKey,
    String checkName,
    String partitionKey,
    List<Integer> upstream,
    List<Integer> after,
    List<Integer> downstream,
    List<PlannedInput> inputs) {

  /** The step key of an asset step. */
  public static String assetStepKey(String assetKey) {
    return assetKey;
  }

  /** The step key of a check step. */
  public static String checkStepKey(String assetKey, String checkName) {
    return assetKey + CheckNode.SEPARATOR + checkName;
  }
}
