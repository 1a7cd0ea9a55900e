package dev.materia.agent.bench;

import static dev.materia.controlplane.testing.Await.await;

import dev.materia.agent.Agent;
import dev.materia.agent.AgentConfig;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks for the report, outside {@code verify} (the name does not end in Test): launch to
 * first step per launcher next to a bare JVM start in the same run, and the events per second one
 * run ships to the real control plane over HTTPS.
 *
 * <pre>
 * ./mvnw -o -q -pl agent/daemon verify -Dtest=AgentBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class AgentBench {
  @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();

  private static final int LINES = Integer.getInteger("bench.lines", 25_000);

  @TempDir Path dir;

  @Test
  void launchToFirstStep() throws Exception {
    Path seed = LocationJars.seed();
    var inProcess =
        LaunchToFirstStep.measure(
            AgentConfig.Launcher.IN_PROCESS, seed, "raw_sales_data", 5, 30, dir.resolve("in"));
    String options = System.getProperty("bench.worker-options", "");
    var subprocess =
        LaunchToFirstStep.measure(
            AgentConfig.Launcher.SUBPROCESS,
            seed,
            "raw_sales_data",
            2,
            10,
            dir.resolve("sub"),
            options.isBlank() ? List.of() : List.of(options.split(",")));
    var jvm = LaunchToFirstStep.bareJvmStart(2, 10);
    System.out.println("BENCH " + inProcess);
    System.out.println("BENCH " + subprocess);
    System.out.println("BENCH " + jvm);
    System.out.printf(
        "BENCH subprocess / bare JVM (p50): %.2f%n",
        subprocess.p50().toNanos() / (double) jvm.p50().toNanos());
  }

  @Test
  @org.junit.jupiter.api.condition.DisabledIfSystemProperty(
      named = "bench.launch-only",
      matches = "true")
  void eventsShippedPerSecondByOneRun() throws Exception {
    Path gate = Files.createFile(dir.resolve("open"));
    try (Agent agent =
        Agent.create(
            controlPlane.agentConfig(dir.resolve("agent"), AgentConfig.Launcher.IN_PROCESS))) {
      agent.start();
      controlPlane.registerLocation(
          "chatty", LocationJars.gated(dir, "chatty", LINES / 2, gate), "v1");
      controlPlane.awaitLoaded("chatty", Duration.ofSeconds(60));
      for (int round = 1; round <= 3; round++) {
        String runId = controlPlane.launch("chatty");
        await(
            "run " + runId + " stored",
            Duration.ofMinutes(5),
            () -> controlPlane.status(runId).isTerminal());
        Instant stored = Instant.now();
        List<RunEvent> events = controlPlane.events(runId);
        Instant first = events.getFirst().timestamp();
        Instant produced = events.getLast().timestamp();
        double seconds = Duration.between(first, stored).toNanos() / 1e9;
        System.out.printf(
            "BENCH round %d: %d events, run produced them in %.2f s, all stored %.2f s after"
                + " RunStarted: %.0f events/s shipped (%s)%n",
            round,
            events.size(),
            Duration.between(first, produced).toNanos() / 1e9,
            seconds,
            events.size() / seconds,
            controlPlane.status(runId) == RunStatus.SUCCESS ? "SUCCESS" : "not SUCCESS");
      }
    }
  }
}
