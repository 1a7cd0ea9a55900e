package dev.materia.cli;

import dev.materia.cli.agent.AgentCommand;
import dev.materia.cli.bench.BenchCommand;
import dev.materia.cli.ci.DeployCommand;
import dev.materia.cli.ci.MaterializeCommand;
import dev.materia.cli.ci.RunsCommand;
import dev.materia.cli.dev.DevCommand;
import dev.materia.cli.scaffold.NewCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code materia} command: one entry point for local development, agents and CI. */
@Command(
    name = "materia",
    mixinStandardHelpOptions = true,
    versionProvider = Materia.Version.class,
    description = "Materia: an asset-centric data orchestrator.",
    subcommands = {
      DevCommand.class,
      AgentCommand.class,
      DeployCommand.class,
      MaterializeCommand.class,
      RunsCommand.class,
      NewCommand.class,
      BenchCommand.class
    })
public final class Materia implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  private Materia(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /**
   * The command line reading its {@code MATERIA_*} settings from {@code environment}, for tests.
   */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine materia =
        new CommandLine(new Materia(environment)).setCaseInsensitiveEnumValuesAllowed(true);
    CommandLine.IParameterExceptionHandler picocliDefault = materia.getParameterExceptionHandler();
    // picocli checks required options before unknown ones, so "--selct x" would read as a missing
    // --select; the mistyped flag is the real mistake and picocli's own message names it.
    return materia
        .setParameterExceptionHandler(
            (e, args) ->
                picocliDefault.handleParseException(
                    e instanceof CommandLine.MissingParameterException
                            && !e.getCommandLine().getUnmatchedArguments().isEmpty()
                        ? new CommandLine.UnmatchedArgumentException(
                            e.getCommandLine(), e.getCommandLine().getUnmatchedArguments())
                        : e,
                    args))
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              if (e instanceof UserError) {
                commandLine.getErr().println("materia: " + e.getMessage());
                return 1;
              }
              throw e;
            });
  }

  /** The environment variables the commands read their settings from. */
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Materia.class.getPackage().getImplementationVersion();
      return new String[] {"materia " + (version == null ? "development build" : version)};
    }
  }
}
