package dev.materia.controlplane.runs;

import java.time.Instant;

/**
 * Where a launch makes room for its run's events: the event log (in {@code events}, which imports
 * {@code runs}, so it implements this port rather than {@code runs} importing it).
 */
public interface EventPartitions {
  /** Makes the event log's partition for runs created at {@code createdAt}, if it is missing. */
  void ensureFor(Instant createdAt);
}
