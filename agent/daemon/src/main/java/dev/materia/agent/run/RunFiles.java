package dev.materia.agent.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of one run under the agent's working directory: {@code runs/<runId>/} holding the event
 * spool, the compute logs ({@code stdout.log}, {@code stderr.log}), the worker's spec and, for a
 * subprocess, its pid. Compute logs never leave the customer's infrastructure; events point here.
 *
 * @param dir the run's directory
 */
public record RunFiles(Path dir) {
  public RunFiles {
    Objects.requireNonNull(dir, "dir == null");
    dir = dir.toAbsolutePath();
  }

  /** The files of {@code runId} under {@code runsRoot}. */
  public static RunFiles of(Path runsRoot, String runId) {
    if (runId.isBlank() || runId.contains("/") || runId.contains("\\") || runId.startsWith(".")) {
      throw new IllegalArgumentException(
          "run id \"" + runId + "\" cannot name a directory: no '/', '\\' or leading '.'");
    }
    return new RunFiles(runsRoot.resolve(runId));
  }

  /** Creates the directory. */
  public RunFiles create() throws IOException {
    Files.createDirectories(dir);
    return this;
  }

  public Path spool() {
    return dir.resolve("spool");
  }

  public Path stdout() {
    return dir.resolve("stdout.log");
  }

  public Path stderr() {
    return dir.resolve("stderr.log");
  }

  public Path spec() {
    return dir.resolve("spec.json");
  }

  public Path pid() {
    return dir.resolve("pid");
  }

  /** The run's final status, written by whoever appended its RunFinished. */
  public Path result() {
    return dir.resolve("result");
  }

  /** The log line that tells the console where this run's compute logs are. */
  public String computeLogsNote() {
    return "compute logs stay on the agent: stdout "
        + stdout().toUri()
        + ", stderr "
        + stderr().toUri();
  }
}
