package dev.materia.agent.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.spool.EventSpool;
import dev.materia.agent.spool.SpoolEventSink;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What the agent does with a run's spool once its worker is gone: read the run's final status, and
 * seal a run whose worker died before its last event so the control plane still sees it end.
 */
public final class RunSpools {
  private RunSpools() {}

  /**
   * The status a run ended with, from its {@code result} file; FAILURE when the worker died before
   * writing one.
   */
  public static RunStatus finalStatus(Path spoolDir) {
    Path result = spoolDir.resolveSibling("result");
    try {
      return Files.exists(result)
          ? RunStatus.valueOf(Files.readString(result).strip())
          : RunStatus.FAILURE;
    } catch (IOException | IllegalArgumentException e) {
      return RunStatus.FAILURE;
    }
  }

  /**
   * Appends {@code RunFinished(status, message)} (and, for a run that never started, {@code
   * RunStarted} before it) when the spool lacks it; does nothing when the run finished or another
   * process still holds the spool.
   *
   * @return true when the spool now ends with RunFinished
   */
  public static boolean seal(
      RunFiles files, String selection, RunStatus status, String message, ObjectMapper json)
      throws IOException {
    if (!EventSpool.exists(files.spool())) {
      return false;
    }
    EventSpool spool;
    try {
      spool = EventSpool.open(files.spool(), json);
    } catch (IllegalStateException held) {
      return false;
    }
    try (spool) {
      if (spool.finished()) {
        return true;
      }
      String runId = files.dir().getFileName().toString();
      SpoolEventSink events = SpoolEventSink.direct(runId, Clock.systemUTC(), spool);
      if (events.appendedSeq() == 0) {
        events.append((run, seq, at) -> new RunStarted(run, seq, at, selection, null, List.of()));
      }
      events.append((run, seq, at) -> new LogLine(run, seq, at, null, LogLevel.ERROR, message));
      events.append((run, seq, at) -> new RunFinished(run, seq, at, status, 0, message));
      if (!spool.finished()) {
        throw new IOException("run " + runId + ": cannot seal its spool " + files.spool());
      }
      spool.sync();
      Files.writeString(files.result(), status.name());
      return true;
    }
  }
}
