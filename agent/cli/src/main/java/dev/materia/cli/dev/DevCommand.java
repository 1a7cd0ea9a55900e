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
    out.print(
        banner(port, environment.login(), environment.seedLocation(), environment.dataDirectory()));
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * What {@code materia dev} prints once running: where to sign in, and the lines to paste so the
   * CI commands ({@code materia materialize}, {@code runs}, {@code deploy}) drive this instance.
   */
  static String banner(int port, DevEnvironment.DevLogin login, String seedLocation, Path data) {
    String url = "http://localhost:" + port;
    return String.format(
        "%nMateria is running.%n  Console:  %s%n  Sign in:  %s / %s  (%s)%n"
            + "  Org:      %s, deployment %s%n  Agent:    in-process, code location %s%n"
            + "  Data:     %s%n"
            + "Drive it from the CLI (materia materialize, runs, deploy):%n"
            + "  export MATERIA_URL=%s MATERIA_DEPLOYMENT=%s MATERIA_ORG=%s%n"
            + "  export MATERIA_TOKEN=mtu_…  (make one: Console → API tokens,"
            + " %s/orgs/%s/deployments/%s/settings/tokens, or POST /api/v1/orgs/%s/tokens)%n"
            + "Press Ctrl-C to stop.%n",
        url,
        login.email(),
        login.password(),
        login.passwordSource(),
        login.organization(),
        login.deployment(),
        seedLocation,
        data,
        url,
        login.deployment(),
        login.organization(),
        url,
        login.organization(),
        login.deployment(),
        login.organization());
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
