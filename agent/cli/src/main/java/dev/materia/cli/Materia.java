package dev.materia.cli;

import dev.materia.cli.bench.BenchCommand;
import dev.materia.cli.dev.DevCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code materia} command: one entry point for local development, agents and CI. */
@Command(
    name = "materia",
    mixinStandardHelpOptions = true,
    versionProvider = Materia.Version.class,
    description = "Materia: an asset-centric data orchestrator.",
    subcommands = {DevCommand.class, BenchCommand.class})
public final class Materia implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Materia())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              if (e instanceof UserError) {
                commandLine.getErr().println("materia: " + e.getMessage());
                return 1;
              }
              throw e;
            });
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
