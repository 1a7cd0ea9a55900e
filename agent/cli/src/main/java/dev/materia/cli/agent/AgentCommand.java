package dev.materia.cli.agent;

import dev.materia.agent.Agent;
import dev.materia.agent.AgentConfig;
import dev.materia.cli.Materia;
import dev.materia.cli.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code materia agent}: runs the agent daemon until SIGTERM or Ctrl-C, then stops gracefully. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run an agent: it polls the control plane for work, loads code locations and runs them.",
      "Configured by a properties file and/or MATERIA_* environment variables (they win):",
      "  MATERIA_URL, MATERIA_AGENT_TOKEN (mta_…) or MATERIA_AGENT_TOKEN_FILE,",
      "  MATERIA_DEPLOYMENTS, MATERIA_CODE_LOCATIONS (deployment/name=artifact,…),",
      "  MATERIA_LAUNCHER (subprocess or in-process), MATERIA_WORKING_DIR, MATERIA_CA_FILE,",
      "  MATERIA_EGRESS_LEDGER, MATERIA_PROBE_PORT, MATERIA_MAX_CONCURRENT_RUNS,",
      "  MATERIA_SHUTDOWN_GRACE_SECONDS, MATERIA_POLL_WAIT_SECONDS",
      "(in the file: url, agent-token, deployments, code-locations, launcher, …)."
    })
public final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file.")
  Path configFile;

  @Option(
      names = "--egress-ledger",
      paramLabel = "FILE",
      description = "Append every request body the agent sends to FILE, one JSON line each.")
  Path egressLedger;

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig config = config();
    try {
      Agent.create(config).runUntilShutdown();
    } catch (IOException e) {
      throw new UserError("the agent could not start: " + e.getMessage(), e);
    }
    return 0;
  }

  /** The configuration from {@code --config} and the environment, or a one-line error. */
  AgentConfig config() {
    Materia materia = (Materia) spec.root().userObject();
    AgentConfig config;
    try {
      config = AgentConfig.load(configFile, materia.environment());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError("could not read " + e.getMessage(), e);
    }
    return egressLedger == null ? config : config.withEgressLedger(egressLedger);
  }
}
