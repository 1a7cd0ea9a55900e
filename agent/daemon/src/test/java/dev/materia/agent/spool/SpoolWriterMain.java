package dev.materia.agent.spool;

import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.api.LogLevel;
import dev.materia.api.LogLine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A process that spools and ships {@code count} events of one run, then waits to be killed: the
 * victim of {@link EventShipperTest#replaysUnacknowledgedEventsAfterKillAndRestart}.
 *
 * <p>Arguments: spool directory, control-plane URL, token, run id, event count.
 */
public final class SpoolWriterMain {
  private SpoolWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    var client =
        ControlPlaneClient.builder(URI.create(args[1]), args[2])
            .backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2))
            .build();
    String runId = args[3];
    int count = Integer.parseInt(args[4]);
    var json = WireJson.mapper();
    var shipper =
        EventShipper.start(
            runId,
            EventSpool.open(dir, json),
            client.events(),
            new BatchLimits(100, 1 << 20, Duration.ofMillis(5)),
            new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2),
            json);
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    for (int seq = 1; seq <= count; seq++) {
      shipper.append(new LogLine(runId, seq, at, "step", LogLevel.INFO, "line " + seq));
    }
    System.out.println("spooled " + count);
    System.out.flush();
    Thread.currentThread().join();
  }
}
