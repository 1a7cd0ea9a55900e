package dev.materia.agent;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How an agent is set up: where the control plane is, its token, its deployments and code
 * locations, how it launches runs, and where it keeps its files.
 *
 * <p>Read from a properties file, environment variables, or both (the environment wins):
 *
 * <pre>
 * # agent.properties                      # or environment variable
 * url=https://materia.example.com         # MATERIA_URL
 * agent-token=mta_…                       # MATERIA_AGENT_TOKEN (or agent-token-file / MATERIA_AGENT_TOKEN_FILE)
 * deployments=prod,staging                # MATERIA_DEPLOYMENTS
 * code-locations=prod/sales=/opt/sales.jar,prod/seed=/opt/seed/   # MATERIA_CODE_LOCATIONS
 * launcher=subprocess                     # MATERIA_LAUNCHER: subprocess (default) or in-process
 * working-dir=/var/lib/materia            # MATERIA_WORKING_DIR
 * ca-file=/etc/materia/ca.pem             # MATERIA_CA_FILE
 * egress-ledger=/var/log/materia/egress.jsonl   # MATERIA_EGRESS_LEDGER
 * probe-port=8081                         # MATERIA_PROBE_PORT: /livez and /readyz; unset for none
 * max-concurrent-runs=8                   # MATERIA_MAX_CONCURRENT_RUNS
 * shutdown-grace-seconds=30               # MATERIA_SHUTDOWN_GRACE_SECONDS
 * poll-wait-seconds=25                    # MATERIA_POLL_WAIT_SECONDS
 * </pre>
 *
 * @param codeLocations locations loaded at start, besides those the control plane asks for
 * @param probePort port of the probe endpoint, 0 for any free port, or -1 for none
 */
public record AgentConfig(
    URI controlPlaneUrl,
    String agentToken,
    List<String> deployments,
    List<LocalCodeLocation> codeLocations,
    Launcher launcher,
    Path workingDir,
    Path caFile,
    Path egressLedger,
    int probePort,
    int maxConcurrentRuns,
    Duration shutdownGrace,
    Duration pollWait) {

  /** Where runs execute. */
  public enum Launcher {
    SUBPROCESS,
    IN_PROCESS;

    /** The configuration spelling: {@code subprocess}, {@code in-process}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Launcher parse(String text) {
      for (Launcher launcher : values()) {
        if (launcher.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
          return launcher;
        }
      }
      throw new IllegalArgumentException(
          "launcher \"" + text + "\" is unknown: use subprocess or in-process");
    }
  }

  /**
   * A code location listed in the agent's configuration.
   *
   * @param artifact a jar, a directory of jars, or a class folder
   */
  public record LocalCodeLocation(String deployment, String name, Path artifact) {
    public LocalCodeLocation {
      Objects.requireNonNull(deployment, "deployment == null");
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(artifact, "artifact == null");
    }
  }

  public AgentConfig {
    Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl == null");
    String scheme = controlPlaneUrl.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || controlPlaneUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "url "
              + controlPlaneUrl
              + " is not an http(s) URL: use e.g. https://materia.example.com");
    }
    if (agentToken == null || agentToken.isBlank()) {
      throw new IllegalArgumentException(
          "no agent token: set agent-token (or MATERIA_AGENT_TOKEN) to an mta_ token an org admin"
              + " created");
    }
    if (!agentToken.startsWith("mta_")) {
      throw new IllegalArgumentException(
          "the agent token must start with mta_ but starts with \""
              + agentToken.substring(0, Math.min(4, agentToken.length()))
              + "\": create an agent token, not a user token");
    }
    deployments = List.copyOf(deployments);
    codeLocations = List.copyOf(codeLocations);
    Objects.requireNonNull(launcher, "launcher == null");
    workingDir = Objects.requireNonNull(workingDir, "workingDir == null").toAbsolutePath();
    if (probePort < -1 || probePort > 65_535) {
      throw new IllegalArgumentException("probe-port must be -1..65535 but was " + probePort);
    }
    if (maxConcurrentRuns < 1) {
      throw new IllegalArgumentException(
          "max-concurrent-runs must be >= 1 but was " + maxConcurrentRuns);
    }
    Objects.requireNonNull(shutdownGrace, "shutdownGrace == null");
    Objects.requireNonNull(pollWait, "pollWait == null");
  }

  /** The same configuration with another launcher. */
  public AgentConfig withLauncher(Launcher launcher) {
    return new AgentConfig(
        controlPlaneUrl,
        agentToken,
        deployments,
        codeLocations,
        launcher,
        workingDir,
        caFile,
        egressLedger,
        probePort,
        maxConcurrentRuns,
        shutdownGrace,
        pollWait);
  }

  /** The same configuration appending request bodies to {@code egressLedger}. */
  public AgentConfig withEgressLedger(Path egressLedger) {
    return new AgentConfig(
        controlPlaneUrl,
        agentToken,
        deployments,
        codeLocations,
        launcher,
        workingDir,
        caFile,
        egressLedger,
        probePort,
        maxConcurrentRuns,
        shutdownGrace,
        pollWait);
  }

  /**
   * Reads a configuration from {@code file} (null for none) overlaid with {@code environment}.
   *
   * @throws IllegalArgumentException naming the setting and the fix
   */
  public static AgentConfig load(Path file, Map<String, String> environment) throws IOException {
    Map<String, String> settings = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      properties.forEach((k, v) -> settings.put(k.toString().strip(), v.toString().strip()));
    }
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("MATERIA_") && !value.isBlank()) {
            settings.put(
                name.substring(8).toLowerCase(Locale.ROOT).replace('_', '-'), value.strip());
          }
        });
    String token = settings.get("agent-token");
    if ((token == null || token.isBlank()) && settings.containsKey("agent-token-file")) {
      token = Files.readString(Path.of(settings.get("agent-token-file"))).strip();
    }
    String url = settings.get("url");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "no control-plane URL: set url (or MATERIA_URL), e.g. https://materia.example.com");
    }
    return new AgentConfig(
        URI.create(url),
        token,
        list(settings.get("deployments")),
        codeLocations(settings.get("code-locations")),
        Launcher.parse(settings.getOrDefault("launcher", "subprocess")),
        Path.of(settings.getOrDefault("working-dir", "materia-agent")),
        path(settings.get("ca-file")),
        path(settings.get("egress-ledger")),
        integer(settings, "probe-port", -1),
        integer(settings, "max-concurrent-runs", 8),
        Duration.ofSeconds(integer(settings, "shutdown-grace-seconds", 30)),
        Duration.ofSeconds(integer(settings, "poll-wait-seconds", 25)));
  }

  private static List<String> list(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** {@code deployment/name=artifact}, comma-separated. */
  private static List<LocalCodeLocation> codeLocations(String text) {
    List<LocalCodeLocation> out = new ArrayList<>();
    for (String entry : list(text)) {
      int equals = entry.indexOf('=');
      int slash = entry.indexOf('/');
      if (equals < 0 || slash < 0 || slash > equals) {
        throw new IllegalArgumentException(
            "code location \""
                + entry
                + "\" is not deployment/name=artifact, e.g. prod/sales=/opt/materia/sales.jar");
      }
      out.add(
          new LocalCodeLocation(
              entry.substring(0, slash).strip(),
              entry.substring(slash + 1, equals).strip(),
              Path.of(entry.substring(equals + 1).strip())));
    }
    return out;
  }

  private static Path path(String text) {
    return text == null || text.isBlank() ? null : Path.of(text);
  }

  private static int integer(Map<String, String> settings, String name, int fallback) {
    String text = settings.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number but was \"" + text + "\"");
    }
  }

  /** Hides the token, so configurations can be logged. */
  @Override
  public String toString() {
    return "AgentConfig[url="
        + controlPlaneUrl
        + ", agentToken=mta_***, deployments="
        + deployments
        + ", codeLocations="
        + codeLocations
        + ", launcher="
        + launcher.label()
        + ", workingDir="
        + workingDir
        + ", caFile="
        + caFile
        + ", egressLedger="
        + egressLedger
        + ", probePort="
        + probePort
        + ", maxConcurrentRuns="
        + maxConcurrentRuns
        + ", shutdownGrace="
        + shutdownGrace
        + ", pollWait="
        + pollWait
        + "]";
  }
}
