package dev.materia.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.agent.Agent;
import dev.materia.agent.AgentConfig;
import dev.materia.cli.UserError;
import dev.materia.cli.api.CodeLocationLoad;
import dev.materia.cli.api.MateriaApi;
import dev.materia.examples.SeedLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The agent {@code materia dev} runs beside its control plane: in-process runs, an agent token it
 * creates for the dev deployment (kept privately in {@code home/dev/agent-token}, reused while the
 * server accepts it, else replaced), and the seed examples registered as code location {@code
 * seed}, so the console has an asset graph to materialize at once.
 */
final class DevAgent implements AutoCloseable {
  static final String TOKEN_NAME = "materia dev agent";
  static final String SEED_LOCATION = "seed";
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final Duration LOAD_WAIT = Duration.ofSeconds(60);

  private final Agent agent;

  private DevAgent(Agent agent) {
    this.agent = agent;
  }

  /**
   * Creates or reuses the token, registers the seed location, starts the agent and waits until the
   * location has loaded (a load error is printed, not thrown: the console shows it too).
   */
  static DevAgent start(URI server, Path devHome, DevEnvironment.DevLogin login) {
    MateriaApi api = MateriaApi.signIn(server, login.email(), login.password());
    String token = agentToken(api, server, devHome, login);
    Path artifact = seedArtifact();
    api.post(
        MateriaApi.path(
            "orgs", login.organization(), "deployments", login.deployment(), "code-locations"),
        Map.of(
            "name", SEED_LOCATION, "artifact", artifact.toString(), "version", version(artifact)));
    AgentConfig config =
        new AgentConfig(
            server,
            token,
            List.of(login.deployment()),
            List.of(),
            AgentConfig.Launcher.IN_PROCESS,
            devHome.resolve("agent"),
            null,
            null,
            -1,
            4,
            Duration.ofSeconds(5),
            Duration.ofSeconds(25));
    Agent agent;
    try {
      agent = Agent.create(config);
      agent.start();
    } catch (IOException e) {
      throw new UserError("the dev agent did not start: " + e.getMessage(), e);
    }
    DevAgent started = new DevAgent(agent);
    try {
      JsonNode seed =
          CodeLocationLoad.await(
              api, login.organization(), login.deployment(), SEED_LOCATION, LOAD_WAIT);
      if (seed.path("status").asText().equals("FAILED")) {
        System.err.println(
            "materia: the seed examples did not load: "
                + seed.path("loadError").path("message").asText());
      }
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** The seed examples' jar or class folder, wherever this CLI found them on its class path. */
  static Path seedArtifact() {
    try {
      return Path.of(
          SeedLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new UserError("could not find the seed examples on the class path: " + e, e);
    }
  }

  /**
   * Stops the agent, waiting at most {@link #STOP_WAIT}: on Ctrl-C the terminal also interrupts
   * PostgreSQL, and the agent's last heartbeat could then wait on a server that cannot answer.
   */
  @Override
  public void close() {
    Thread stopping =
        Thread.ofPlatform().daemon().name("materia-dev-agent-stop").start(agent::stop);
    try {
      if (!stopping.join(STOP_WAIT)) {
        System.err.println(
            "materia: the dev agent did not stop within " + STOP_WAIT.toSeconds() + " s; going on");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String agentToken(
      MateriaApi api, URI server, Path devHome, DevEnvironment.DevLogin login) {
    Path file = devHome.resolve("agent-token");
    if (Files.isRegularFile(file)) {
      String kept = DevEnvironment.read(file);
      if (accepted(server, kept)) {
        return kept;
      }
    }
    String tokens = MateriaApi.path("orgs", login.organization(), "agent-tokens");
    // Earlier dev tokens (their file lost, or refused) are revoked: one live dev token at a time.
    for (JsonNode token : api.get(tokens)) {
      if (TOKEN_NAME.equals(token.path("name").asText())) {
        api.delete(tokens + "/" + token.path("id").asText());
      }
    }
    String created =
        api.post(tokens, Map.of("name", TOKEN_NAME, "deployments", List.of(login.deployment())))
            .path("token")
            .asText();
    DevEnvironment.writePrivate(file, created);
    return created;
  }

  /** Whether the server still knows the token (a wiped database forgets it). */
  private static boolean accepted(URI server, String token) {
    try {
      MateriaApi.withToken(server, token).get("/api/agent/v1/identity");
      return true;
    } catch (UserError e) {
      return false;
    }
  }

  /** A version that changes when the artifact's content does, so a rebuilt seed reloads. */
  private static String version(Path artifact) {
    try (Stream<Path> files =
        Files.isDirectory(artifact) ? Files.walk(artifact).sorted() : Stream.of(artifact)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        digest.update(artifact.relativize(file).toString().getBytes());
        try (InputStream in = Files.newInputStream(file)) {
          digest.update(in.readAllBytes());
        }
      }
      return "dev-" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the seed examples at " + artifact, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
