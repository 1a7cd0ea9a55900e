package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.cli.UserError;
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
    Output out = options.out();
    String run = options.deploymentPath("runs", runId);
    AtomicLong seen = new AtomicLong(afterSeq);
    while (true) {
      options.api().stream(
          run + "/events/stream",
          Long.toString(seen.get()),
          event -> {
            seen.set(event.path("seq").asLong());
            if (asJsonLines) {
              out.document(event);
            } else {
              out.progress(RunProgress.line(event));
            }
            return !"run_finished".equals(event.path("type").asText());
          });
      JsonNode state = options.api().get(run);
      if (FINISHED.contains(state.path("status").asText())) {
        return state;
      }
      // The server ends a stream it cannot feed (a slow reader); resume after the last event seen.
      pause();
    }
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
