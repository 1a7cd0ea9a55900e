package dev.materia.agent.run;

import dev.materia.agent.client.Backoff;
import dev.materia.agent.spool.BatchLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How run workers ship events and where they keep asset values.
 *
 * <p>Example: {@code new WorkerSettings(BatchLimits.DEFAULT, Backoff.DEFAULT,
 * Duration.ofSeconds(30), workDir.resolve("storage"))}.
 *
 * @param flushTimeout how long a finished run waits for its last events to be acknowledged before
 *     leaving them in the spool for the agent
 * @param storage root of the default filesystem I/O manager, per deployment and code location
 */
public record WorkerSettings(
    BatchLimits batchLimits, Backoff backoff, Duration flushTimeout, Path storage) {
  public WorkerSettings {
    Objects.requireNonNull(batchLimits, "batchLimits == null");
    Objects.requireNonNull(backoff, "backoff == null");
    Objects.requireNonNull(flushTimeout, "flushTimeout == null");
    Objects.requireNonNull(storage, "storage == null");
  }
}
