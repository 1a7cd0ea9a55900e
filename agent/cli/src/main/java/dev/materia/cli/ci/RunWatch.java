package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.cli.UserError;
import dev.materia.cli.api.MateriaApi;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Following one run: its events as they come (SSE), then its final state. */
final class RunWatch {
  static final Set<String> FINISHED = Set.of("SUCCESS", "FAILURE", "CANCELED");

  private RunWatch() {}

  /**
   * Prints the run's events after {@code afterSeq} as progress until the run has ended, then
   * returns the run as the server shows it.
   *
   * @param asJsonLines whether each event goes to stdout as one JSON line instead of progress text
   */
  static JsonNode follow(ApiOptions options, String runId, long afterSeq, boolean asJsonLines) {
    return follow(options, runId, afterSeq, asJsonLines, Duration.ZERO);
  }

  /**
   * The same, giving up after {@code timeout} ({@link Duration#ZERO} for never) with a one-line
   * error that says the run goes on and how to stop it.
   */
  static JsonNode follow(
      ApiOptions options, String runId, long afterSeq, boolean asJsonLines, Duration timeout) {
    Output out = options.out();
    String run = options.deploymentPath("runs", runId);
    AtomicLong seen = new AtomicLong(afterSeq);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Duration left =
          timeout.isZero() ? Duration.ZERO : Duration.ofNanos(deadline - System.nanoTime());
      if (!timeout.isZero() && (left.isNegative() || left.isZero())) {
        throw notFinished(options, runId, timeout);
      }
      try {
        options.api().stream(
            run + "/events/stream",
            Long.toString(seen.get()),
            left,
            event -> {
              seen.set(event.path("seq").asLong());
              if (asJsonLines) {
                out.document(event);
              } else {
                out.progress(EventLines.line(event));
              }
              return !"run_finished".equals(event.path("type").asText());
            });
      } catch (MateriaApi.StreamTimeout e) {
        throw notFinished(options, runId, timeout);
      }
      JsonNode state = options.api().get(run);
      if (FINISHED.contains(state.path("status").asText())) {
        return state;
      }
      // The server ends a stream it cannot feed (a slow reader); resume after the last event seen.
      pause();
    }
  }

  private static UserError notFinished(ApiOptions options, String runId, Duration timeout) {
    String status =
        options.api().get(options.deploymentPath("runs", runId)).path("status").asText();
    return new UserError(
        "run "
            + runId
            + " is still "
            + status
            + " after "
            + timeout.toSeconds()
            + " s; it goes on (stop it with `materia runs cancel "
            + runId
            + "`)");
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while following the run", e);
    }
  }

  /** Exit code for a finished run: 0 for SUCCESS, 1 otherwise. */
  static int exitCode(JsonNode run) {
    return "SUCCESS".equals(run.path("status").asText()) ? 0 : 1;
  }
}
