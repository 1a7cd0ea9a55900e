package dev.materia.runtime.plan;

/**
 * A run that cannot be planned: a partitioned asset without a key, a key that is not a partition,
 * or an input partition that does not exist. The message names the asset and the fix.
 */
public final class PlanningException extends IllegalArgumentException {
  public PlanningException(String message) {
    super(message);
  }

  public PlanningException(String message, Throwable cause) {
    super(message, cause);
  }
}
