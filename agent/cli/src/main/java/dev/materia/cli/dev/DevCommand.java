package dev.materia.cli.dev;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code materia dev}: runs a {@link DevEnvironment} until Ctrl-C. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run Materia locally: embedded PostgreSQL, control plane, console and an agent",
      "(in-process runs) serving the seed examples as code location `seed`.",
      "Sign in as dev@localhost to organization `local`, deployment `dev`; the password is",
      "printed, or set it with MATERIA_DEV_PASSWORD."
    })
public final class DevCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "3000",
      description = "Port of the control plane and console (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--home",
      description = "Where Materia keeps local data (default: $MATERIA_HOME or ~/.materia).")
  Path home;

  @Override
  public Integer call() throws InterruptedException {
    DevEnvironment environment = DevEnvironment.start(materiaHome(), port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    environment.close();
                    System.err.println("materia: stopped");
                  } finally {
                    stopped.countDown();
                  }
                },
                "materia-dev-stop"));
    PrintWriter out = spec.commandLine().getOut();
    DevEnvironment.DevLogin login = environment.login();
    out.printf(
        "%nMateria is running.%n  Console:  http://localhost:%d%n  Sign in:  %s / %s  (%s)%n"
            + "  Org:      %s, deployment %s%n  Agent:    in-process, code location %s%n"
            + "  Data:     %s%n"
            + "Press Ctrl-C to stop.%n",
        port,
        login.email(),
        login.password(),
        login.passwordSource(),
        login.organization(),
        login.deployment(),
        environment.seedLocation(),
        environment.dataDirectory());
    out.flush();
    stopped.await();
    return 0;
  }

  private Path materiaHome() {
    if (home != null) {
      return home;
    }
    String env = System.getenv("MATERIA_HOME");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".materia");
  }
}
