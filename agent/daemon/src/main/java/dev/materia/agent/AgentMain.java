package dev.materia.agent;

import java.nio.file.Path;

/**
 * Runs an agent: {@code java -cp … dev.materia.agent.AgentMain [--config FILE] [--egress-ledger
 * FILE]}, configured by the file and {@code MATERIA_*} environment variables (see {@link
 * AgentConfig}). SIGTERM stops it gracefully. The {@code materia agent} command does the same.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    Path configFile = null;
    Path ledger = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
        case "--egress-ledger" -> ledger = Path.of(value(args, ++i, "--egress-ledger"));
        default -> usage("unknown option " + args[i]);
      }
    }
    AgentConfig config;
    try {
      config = AgentConfig.load(configFile, System.getenv());
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      return;
    }
    if (ledger != null) {
      config = config.withEgressLedger(ledger);
    }
    Agent.create(config).runUntilShutdown();
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      usage(option + " needs a file");
    }
    return args[index];
  }

  private static void usage(String problem) {
    System.err.println("materia agent: " + problem);
    System.err.println("usage: materia agent [--config FILE] [--egress-ledger FILE]");
    System.exit(2);
  }
}
