package dev.materia.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlane;
import dev.materia.agent.run.RunFiles;
import dev.materia.agent.run.RunSpools;
import dev.materia.agent.spool.BatchLimits;
import dev.materia.agent.spool.EventShipper;
import dev.materia.agent.spool.EventSpool;
import dev.materia.api.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships spools no live worker holds, with the agent's token: events a killed worker or a previous
 * agent process left unacknowledged. A spool without its {@code RunFinished} is sealed first (the
 * run ends FAILURE), so the control plane still sees the run end.
 *
 * <p>Example: {@code new SpoolReplay(runsRoot, controlPlane, BatchLimits.DEFAULT, json,
 * runs::holds).replayOrphans(() -> stopping)}.
 */
final class SpoolReplay {
  private static final Logger log = LoggerFactory.getLogger(SpoolReplay.class);
  private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(30);

  private final Path runsRoot;
  private final ControlPlane controlPlane;
  private final BatchLimits limits;
  private final ObjectMapper json;
  private final Predicate<String> held;

  /**
   * @param held whether a run is in the agent's hands, so its spool is not an orphan
   */
  SpoolReplay(
      Path runsRoot,
      ControlPlane controlPlane,
      BatchLimits limits,
      ObjectMapper json,
      Predicate<String> held) {
    this.runsRoot = runsRoot;
    this.controlPlane = controlPlane;
    this.limits = limits;
    this.json = json;
    this.held = held;
  }

  /** Seals and replays every orphaned spool under the runs directory, until {@code stopping}. */
  void replayOrphans(BooleanSupplier stopping) {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(runsRoot)) {
      dirs = list.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      log.warn("cannot list {}: {}", runsRoot, e.getMessage());
      return;
    }
    for (Path dir : dirs) {
      String runId = dir.getFileName().toString();
      RunFiles files = new RunFiles(dir);
      if (stopping.getAsBoolean() || held.test(runId) || !EventSpool.exists(files.spool())) {
        continue;
      }
      try {
        RunSpools.seal(
            files,
            "",
            RunStatus.FAILURE,
            "the run's worker stopped before the run finished (the agent or its host restarted)",
            json);
        replay(runId, files);
      } catch (IOException | RuntimeException e) {
        log.warn("run {}: replaying its spool failed: {}", runId, e.getMessage());
      }
    }
  }

  private void replay(String runId, RunFiles files) throws IOException {
    EventSpool spool;
    try {
      spool = EventSpool.open(files.spool(), json);
    } catch (IllegalStateException heldByAnotherProcess) {
      return;
    }
    if (spool.complete()) {
      spool.deleteFiles();
      return;
    }
    log.info(
        "run {}: replaying events {}..{} from its spool",
        runId,
        spool.ackedSeq() + 1,
        spool.appendedSeq());
    EventShipper shipper =
        EventShipper.start(runId, spool, controlPlane.events(), limits, Backoff.DEFAULT, json);
    boolean shipped;
    try {
      shipped = shipper.awaitShipped(SHIP_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shipped = false;
    }
    shipper.close();
    if (shipped && spool.complete()) {
      spool.deleteFiles();
      log.info("run {}: spool replayed", runId);
    }
  }
}
