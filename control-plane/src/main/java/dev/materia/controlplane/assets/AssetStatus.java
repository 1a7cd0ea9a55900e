package dev.materia.controlplane.assets;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The one word the console shows for an asset, from its own steps' state and its staleness.
 *
 * <ul>
 *   <li>{@code RUNNING}: a step of it (or of a partition) is in progress, or a live run that
 *       selects it has not reached its step yet;
 *   <li>{@code FAILED}: its own latest step (or a partition's) failed after its latest
 *       materialization;
 *   <li>else its {@link Staleness}: {@code STALE}, {@code MISSING} or {@code UP_TO_DATE}.
 * </ul>
 *
 * A run's outcome alone never makes an asset FAILED: a successful step is a success whatever
 * happens downstream.
 */
@Serdeable
public enum AssetStatus {
  RUNNING,
  FAILED,
  STALE,
  MISSING,
  UP_TO_DATE;

  /**
   * @param inProgress a step of it, or of one of its partitions, is in progress
   * @param awaitingLiveRun a live run selects it and has not reached its step yet
   * @param failed its own latest step, or a partition's, failed after its latest materialization
   */
  public static AssetStatus of(
      boolean inProgress, boolean awaitingLiveRun, boolean failed, Staleness staleness) {
    if (inProgress || awaitingLiveRun) {
      return RUNNING;
    }
    if (failed) {
      return FAILED;
    }
    return switch (staleness) {
      case STALE -> STALE;
      case MISSING -> MISSING;
      case UP_TO_DATE -> UP_TO_DATE;
    };
  }
}
