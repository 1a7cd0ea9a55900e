package dev.materia.agent.testing;

import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.AgentConfig;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.location.CodeLocationClassLoader;
import dev.materia.agent.location.CodeLocationLoading;
import dev.materia.api.RunEvent;
import dev.materia.api.RunStatus;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.WorkItem;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.PostgresServer;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import dev.materia.controlplane.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real control plane for agent tests: HTTPS on a random port with a server certificate from a
 * throwaway test CA, a fresh PostgreSQL database, and an organization with a user token (for the
 * REST API, so it outlives restarts) and an agent token for {@code prod}, all made through the API.
 *
 * <pre>{@code
 * @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();
 * Agent agent = Agent.create(controlPlane.agentConfig(dir, AgentConfig.Launcher.IN_PROCESS));
 * controlPlane.registerLocation("seed", LocationJars.seed(), "v1");
 * String runId = controlPlane.launch("*sales_summary");
 * }</pre>
 */
public final class ControlPlaneFixture implements BeforeAllCallback, AfterAllCallback {
  public static final String DEPLOYMENT = "prod";

  private final ObjectMapper json = WireJson.mapper();
  private final Map<String, Object> properties;
  private final Supplier<PostgresServer> server;
  private Path dir;
  private Path caFile;
  private RunningControlPlane controlPlane;
  private SignedInUser owner;
  private String userToken;
  private Tenants.AgentToken agentToken;

  /**
   * Fast heartbeats, short leases and frequent sweeps, so tests wait for conditions in
   * milliseconds, and work a stopped agent was handed but never got comes back in seconds. A fixed
   * session secret keeps the owner's console session valid across restarts.
   */
  public static final Map<String, Object> FAST =
      Map.of(
          "materia.agents.heartbeat-interval", "100ms",
          "materia.queue.lease", "3s",
          "materia.queue.sweep-interval", "500ms",
          "materia.session.secret", "bWF0ZXJpYS1hZ2VudC10ZXN0cy1zZXNzaW9uLXNlY3JldC0wMQ==");

  public ControlPlaneFixture() {
    this(FAST);
  }

  public ControlPlaneFixture(Map<String, Object> properties) {
    this(properties, PostgresServer::shared);
  }

  /** Over a database on {@code server}: a {@link PostgresServer#dedicated} one to crash it. */
  public ControlPlaneFixture(Map<String, Object> properties, Supplier<PostgresServer> server) {
    this.properties = Map.copyOf(properties);
    this.server = server;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("materia-control-plane-");
    TestCa ca = TestCa.create(dir);
    caFile = ca.caFile();
    controlPlane = new RunningControlPlane(properties, ca.tls(), server);
    controlPlane.beforeAll(context);
    Tenants tenants = new Tenants(controlPlane);
    owner = tenants.signUp("Agents");
    userToken = tenants.userToken(owner);
    agentToken = newAgentToken();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (controlPlane != null) {
      controlPlane.afterAll(context);
    }
  }

  /** The control plane's base URL, {@code https://localhost:port/}, stable across restarts. */
  public URI url() {
    return controlPlane.baseUri();
  }

  /** The test CA's certificate (PEM), which agents trust as their extra CA file. */
  public Path caFile() {
    return caFile;
  }

  /** The agent token ({@code mta_}) for {@code prod}. */
  public String agentToken() {
    return agentToken.token();
  }

  public String org() {
    return owner.org();
  }

  public TestDatabase database() {
    return controlPlane.database();
  }

  /** The REST API as the organization's owner, with a user token. */
  public ApiClient api() {
    return controlPlane.client().bearer(userToken);
  }

  /** An agent configuration for this control plane, trusting the test CA. */
  public AgentConfig agentConfig(
      Path workDir, AgentConfig.Launcher launcher, AgentConfig.LocalCodeLocation... locations) {
    return agentConfig(workDir, launcher, agentToken.token(), 4, locations);
  }

  /** An agent configuration with another token and run limit. */
  public AgentConfig agentConfig(
      Path workDir,
      AgentConfig.Launcher launcher,
      String token,
      int maxConcurrentRuns,
      AgentConfig.LocalCodeLocation... locations) {
    return new AgentConfig(
        url(),
        token,
        List.of(DEPLOYMENT),
        List.of(locations),
        launcher,
        workDir,
        caFile,
        null,
        0,
        maxConcurrentRuns,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5));
  }

  /** A client of the agent protocol with the agent token, trusting the test CA. */
  public ControlPlaneClient client() {
    try {
      return ControlPlaneClient.builder(url(), agentToken.token())
          .extraCaFile(caFile)
          .backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(200), 2))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the control plane, as an outage would; the database stays. */
  public void stop() {
    controlPlane.stop();
  }

  /** Whether the control plane is up. */
  public boolean running() {
    return controlPlane.running();
  }

  /** Starts the control plane again on the same port and database. */
  public void restart() {
    controlPlane.restart();
  }

  private String deploymentPath() {
    return "/api/v1/orgs/" + owner.org() + "/deployments/" + DEPLOYMENT;
  }

  /** Registers (or re-registers) a code location, as CI does; the agent is asked to load it. */
  public void registerLocation(String name, Path artifact, String version) {
    HttpResponse<String> response =
        api()
            .post(
                deploymentPath() + "/code-locations",
                "{\"name\":%s,\"artifact\":%s,\"version\":%s}"
                    .formatted(
                        Json.quote(name), Json.quote(artifact.toString()), Json.quote(version)));
    assertThat(response.statusCode()).as("register %s: %s", name, response.body()).isIn(200, 201);
  }

  /**
   * Registers a code location and uploads its snapshot with the agent token, as a loading agent
   * would, for tests that run no agent.
   */
  public void registerLoaded(String name, Path artifact, String version) {
    registerLocation(name, artifact, version);
    try {
      client()
          .uploadSnapshot(
              DEPLOYMENT,
              CodeLocationLoading.load(
                      DEPLOYMENT,
                      name,
                      version,
                      CodeLocationClassLoader.classpath(artifact),
                      ControlPlaneFixture.class.getClassLoader())
                  .snapshot());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The code location as the REST API shows it. */
  public JsonNode location(String name) {
    return read(ok(api().get(deploymentPath() + "/code-locations/" + name)));
  }

  /** Waits until the agent has loaded {@code name} and the control plane holds its snapshot. */
  public void awaitLoaded(String name, Duration timeout) {
    await(
        "code location " + name + " LOADED",
        timeout,
        () -> {
          JsonNode location = location(name);
          return "LOADED".equals(location.path("status").asText())
              && !location.path("snapshot").isNull();
        });
  }

  /** Launches a run of {@code selection} and returns its id. */
  public String launch(String selection) {
    return launchWith("{\"selection\":%s}".formatted(Json.quote(selection)));
  }

  /** Launches a run with a {@code POST .../runs} body and returns its id. */
  public String launchWith(String body) {
    HttpResponse<String> response = api().post(deploymentPath() + "/runs", body);
    assertThat(response.statusCode()).as("launch %s: %s", body, response.body()).isEqualTo(201);
    return read(response).get("id").asText();
  }

  /** The run as the REST API shows it. */
  public JsonNode run(String runId) {
    return read(ok(api().get(deploymentPath() + "/runs/" + runId)));
  }

  public RunStatus status(String runId) {
    return RunStatus.valueOf(run(runId).get("status").asText());
  }

  /** Waits until the run has ended and all its events are stored, and returns its status. */
  public RunStatus awaitFinished(String runId, Duration timeout) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await(
        "run " + runId + " to finish with its events stored",
        timeout,
        () -> {
          JsonNode run = run(runId);
          last.set(run);
          return RunStatus.valueOf(run.get("status").asText()).isTerminal()
              && !events(runId).isEmpty()
              && events(runId).getLast() instanceof dev.materia.api.RunFinished;
        });
    return RunStatus.valueOf(last.get().get("status").asText());
  }

  /** Asks to cancel the run. */
  public void cancel(String runId) {
    HttpResponse<String> response =
        api().post(deploymentPath() + "/runs/" + runId + "/cancel", "{}");
    assertThat(response.statusCode()).as("cancel %s: %s", runId, response.body()).isIn(200, 202);
  }

  /** Every event the control plane stored for the run, up to the highest contiguous seq. */
  public List<RunEvent> events(String runId) {
    List<RunEvent> events = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode page =
          read(ok(api().get(deploymentPath() + "/runs/" + runId + "/events?after=" + after)));
      for (JsonNode event : page.get("events")) {
        try {
          events.add(json.treeToValue(event, RunEvent.class));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      long next = page.get("next").asLong();
      if (next == after) {
        return events;
      }
      after = next;
    }
  }

  /** Whether the run has a StepStarted for {@code stepKey}. */
  public boolean stepStarted(String runId, String stepKey) {
    return events(runId).stream()
        .anyMatch(e -> e instanceof dev.materia.api.StepStarted s && s.stepKey().equals(stepKey));
  }

  /** The asset as the catalog shows it. */
  public JsonNode asset(String key) {
    return read(ok(api().get(deploymentPath() + "/assets/" + key)));
  }

  /** Revokes an agent token, as an admin does in the console. */
  public void revoke(Tenants.AgentToken token) {
    HttpResponse<String> response =
        owner.session().delete("/api/v1/orgs/" + owner.org() + "/agent-tokens/" + token.id());
    assertThat(response.statusCode()).as("revoke: %s", response.body()).isIn(200, 204);
  }

  /**
   * Claims work with the agent token until the launch of {@code runId} comes, as an agent's poll
   * does, so a test can hand it to a launcher itself; other items are left to their lease.
   */
  public LaunchRun claimLaunch(ControlPlaneClient client, String runId) {
    AtomicReference<LaunchRun> launch = new AtomicReference<>();
    await(
        "the launch of run " + runId,
        Duration.ofSeconds(60),
        () -> {
          try {
            for (WorkItem item : client.pollWork(Duration.ofSeconds(1)).items()) {
              if (item instanceof LaunchRun l && l.runId().equals(runId)) {
                launch.set(l);
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return launch.get() != null;
        });
    return launch.get();
  }

  /** Launches a run of {@code selection} and claims its launch: the run's id and run token. */
  public LaunchRun launchAndClaim(String selection) {
    return claimLaunch(client(), launch(selection));
  }

  /** The seqs of the run's events the database holds, in order. */
  public List<Long> storedSeqs(String runId) throws SQLException {
    List<Long> seqs = new ArrayList<>();
    try (Connection connection = database().connect();
        ResultSet rs =
            connection
                .createStatement()
                .executeQuery(
                    "select seq from run_events where run_id = '%s' order by seq"
                        .formatted(UUID.fromString(runId)))) {
      while (rs.next()) {
        seqs.add(rs.getLong(1));
      }
    }
    return seqs;
  }

  /** The run's highest contiguous seq as the database holds it. */
  public long contiguousSeq(String runId) throws SQLException {
    try (Connection connection = database().connect();
        ResultSet rs =
            connection
                .createStatement()
                .executeQuery(
                    "select contiguous_seq from runs where id = '%s'"
                        .formatted(UUID.fromString(runId)))) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  /** A new agent token for {@code prod}, made by the owner through the API. */
  public Tenants.AgentToken newAgentToken() {
    return new Tenants(controlPlane).newAgentToken(owner, DEPLOYMENT);
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode())
        .as("%s: %s", response.request().uri(), response.body())
        .isEqualTo(200);
    return response;
  }

  private JsonNode read(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
