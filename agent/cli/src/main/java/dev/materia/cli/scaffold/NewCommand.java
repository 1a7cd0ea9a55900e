package dev.materia.cli.scaffold;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code materia new location NAME}: starts a new project from a template. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = "Start a new project from a template.",
    subcommands = NewLocationCommand.class)
public final class NewCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
