package dev.materia.cli.bench;

import dev.materia.agent.Agent;
import dev.materia.agent.AgentConfig;
import dev.materia.cli.bench.location.BenchAssets;
import dev.materia.cli.bench.location.BenchLocation;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real agent ({@code dev.materia.agent.Agent}) in this process, serving the code location {@code
 * bench} in deployment {@code prod} of a tenant, with the in-process or the subprocess launcher.
 */
final class BenchAgent implements AutoCloseable {
  static final String LOCATION = "bench";
  private final Agent agent;
  private final BenchTenant tenant;

  private BenchAgent(Agent agent, BenchTenant tenant) {
    this.agent = agent;
    this.tenant = tenant;
  }

  static BenchAgent start(
      BenchEnvironment env,
      ControlPlaneProcess controlPlane,
      AgentConfig.Launcher launcher,
      String name)
      throws Exception {
    BenchTenant tenant = BenchTenant.signUp(controlPlane.http(), name);
    Path home = Files.createDirectories(env.work().resolve("agents").resolve(name));
    Path location = writeLocation(home.resolve("bench-location"));
    tenant.registerCodeLocation("prod", LOCATION, location.toString());
    AgentConfig config =
        new AgentConfig(
            controlPlane.uri(),
            tenant.agentToken("prod"),
            List.of("prod"),
            List.of(),
            launcher,
            home.resolve("work"),
            null,
            null,
            -1,
            4,
            Duration.ofSeconds(5),
            Duration.ofSeconds(25));
    Agent agent = Agent.create(config);
    agent.start();
    BenchAgent bench = new BenchAgent(agent, tenant);
    bench.awaitLoaded();
    return bench;
  }

  BenchTenant tenant() {
    return tenant;
  }

  private void awaitLoaded() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String path = tenant.deploymentPath("prod") + "/code-locations/" + LOCATION;
    while (true) {
      JsonNode location = Http.json(Http.expect(tenant.user().get(path), 200));
      String status = location.get("status").getStringValue();
      if ("LOADED".equals(status)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "code location bench did not load within 60 s: " + location);
      }
      Thread.sleep(50);
    }
  }

  /** Launches {@code body} and waits for the run to end; returns the finished run. */
  JsonNode launchAndWait(String body, Duration timeout) throws InterruptedException {
    String runId = tenant.launch("prod", body);
    return awaitFinished(runId, timeout);
  }

  JsonNode awaitFinished(String runId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String path = tenant.deploymentPath("prod") + "/runs/" + runId;
    while (true) {
      JsonNode run = Http.json(Http.expect(tenant.user().get(path), 200));
      String status = run.get("status").getStringValue();
      switch (status) {
        case "SUCCESS" -> {
          return run;
        }
        case "FAILURE", "CANCELED" ->
            throw new IllegalStateException("run " + runId + " ended " + status + ": " + run);
        default -> {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "run " + runId + " still " + status + " after " + timeout);
          }
          Thread.sleep(20);
        }
      }
    }
  }

  /** The time of the run's first {@code step_started} event, as the worker stamped it. */
  Instant firstStepStarted(String runId) {
    String path = tenant.deploymentPath("prod") + "/runs/" + runId + "/events?limit=1000";
    JsonNode page = Http.json(Http.expect(tenant.user().get(path), 200));
    JsonNode items = page.get("items") != null ? page.get("items") : page.get("events");
    for (JsonNode event : items.values()) {
      if ("step_started".equals(event.get("type").getStringValue())) {
        return Instant.parse(event.get("timestamp").getStringValue());
      }
    }
    throw new IllegalStateException("run " + runId + " has no step_started event: " + page);
  }

  @Override
  public void close() {
    agent.stop(Duration.ofSeconds(5));
    agent.close();
  }

  /**
   * Writes the bench code location as a class folder: its two classes and the service file, so the
   * agent loads it as it loads any customer's location.
   */
  static Path writeLocation(Path dir) throws IOException {
    for (Class<?> type : List.of(BenchLocation.class, BenchAssets.class)) {
      String resource = type.getName().replace('.', '/') + ".class";
      Path target = dir.resolve(resource);
      Files.createDirectories(target.getParent());
      try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("class file " + resource + " is not on the classpath");
        }
        Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path service = dir.resolve("META-INF/services/dev.materia.sdk.CodeLocation");
    Files.createDirectories(service.getParent());
    Files.writeString(service, BenchLocation.class.getName() + "\n");
    return dir;
  }
}
