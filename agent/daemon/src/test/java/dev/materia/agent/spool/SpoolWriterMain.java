package dev.materia.agent.spool;

import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A process that spools and ships {@code first} events of one run, waits until they are
 * acknowledged, writes the file {@code <spool>.shipped}, waits for the file {@code <spool>.gate},
 * spools events up to {@code count}, then waits to be killed: the victim of {@link
 * EventShipperTest#replaysUnacknowledgedEventsAfterKillAndRestart}.
 *
 * <p>Arguments: spool directory, control-plane URL, CA file, token, run id, first, count.
 */
public final class SpoolWriterMain {
  private SpoolWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    var client =
        ControlPlaneClient.builder(URI.create(args[1]), args[3])
            .extraCaFile(Path.of(args[2]))
            .backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2))
            .build();
    String runId = args[4];
    int first = Integer.parseInt(args[5]);
    int count = Integer.parseInt(args[6]);
    var json = WireJson.mapper();
    var shipper =
        EventShipper.start(
            runId,
            EventSpool.open(dir, json),
            client.events(),
            new BatchLimits(100, 1 << 20, Duration.ofMillis(5)),
            new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2),
            json);
    // Now, not a fixed date: the control plane clamps events stamped before their run's launch.
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int seq = 1; seq <= first; seq++) {
      shipper.append(new LogLine(runId, seq, at, "step", LogLevel.INFO, "line " + seq));
    }
    while (shipper.spool().ackedSeq() < first) {
      Thread.sleep(5);
    }
    Files.createFile(Path.of(dir + ".shipped"));
    while (!Files.exists(Path.of(dir + ".gate"))) {
      Thread.sleep(5);
    }
    for (int seq = first + 1; seq <= count; seq++) {
      shipper.append(new LogLine(runId, seq, at, "step", LogLevel.INFO, "line " + seq));
    }
    System.out.println("spooled " + count);
    System.out.flush();
    Thread.currentThread().join();
  }
}
