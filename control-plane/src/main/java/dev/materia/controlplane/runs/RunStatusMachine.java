package dev.materia.controlplane.runs;

import dev.materia.api.RunStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The legal moves of a run's status: {@code QUEUED → STARTING → STARTED → SUCCESS | FAILURE |
 * CANCELED}, plus the shortcuts real life needs. Pure: no SQL, no HTTP.
 *
 * <ul>
 *   <li>{@code STARTING → QUEUED}: the agent's lease on the launch expired before the run began.
 *   <li>{@code QUEUED → STARTED}: events arrive from an agent whose lease had just expired.
 *   <li>{@code STARTING → SUCCESS | FAILURE | CANCELED}: the finish is stored before the start
 *       (out-of-order batches).
 *   <li>{@code QUEUED → CANCELED | FAILURE}: canceled before any agent took it, or failed by the
 *       control plane.
 * </ul>
 *
 * Terminal statuses never change.
 */
public final class RunStatusMachine {
  private static final Map<RunStatus, Set<RunStatus>> LEGAL = new EnumMap<>(RunStatus.class);

  static {
    LEGAL.put(
        RunStatus.QUEUED,
        EnumSet.of(RunStatus.STARTING, RunStatus.STARTED, RunStatus.CANCELED, RunStatus.FAILURE));
    LEGAL.put(
        RunStatus.STARTING,
        EnumSet.of(
            RunStatus.QUEUED,
            RunStatus.STARTED,
            RunStatus.SUCCESS,
            RunStatus.FAILURE,
            RunStatus.CANCELED));
    LEGAL.put(
        RunStatus.STARTED, EnumSet.of(RunStatus.SUCCESS, RunStatus.FAILURE, RunStatus.CANCELED));
    LEGAL.put(RunStatus.SUCCESS, EnumSet.noneOf(RunStatus.class));
    LEGAL.put(RunStatus.FAILURE, EnumSet.noneOf(RunStatus.class));
    LEGAL.put(RunStatus.CANCELED, EnumSet.noneOf(RunStatus.class));
  }

  private RunStatusMachine() {}

  /** Whether a run may move from {@code from} to {@code to}; staying put is not a move. */
  public static boolean allows(RunStatus from, RunStatus to) {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    return LEGAL.get(from).contains(to);
  }

  /** {@code to}, or an {@link IllegalStateException} naming both statuses. */
  public static RunStatus move(RunStatus from, RunStatus to) {
    if (!allows(from, to)) {
      throw new IllegalStateException("a run cannot go from " + from + " to " + to);
    }
    return to;
  }

  /** Whether a cancel request can still change the run's course. */
  public static boolean cancelable(RunStatus status) {
    return !status.isTerminal();
  }
}
