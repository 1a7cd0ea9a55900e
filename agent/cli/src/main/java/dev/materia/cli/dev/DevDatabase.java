package dev.materia.cli.dev;

import dev.materia.cli.UserError;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL of {@code materia dev}. Its data persists in one directory, so a second
 * start finds everything the first one stored. Unlike zonky's test defaults ({@code -F}, {@code
 * synchronous_commit=off}), it writes durably: what the dev control plane acknowledged survives a
 * crash of the machine. A PostgreSQL that a killed {@code materia dev} left running on the same
 * directory is stopped before the start.
 */
final class DevDatabase implements AutoCloseable {
  static final String DATABASE = "materia";

  /** The control plane connects as this role, which row-level security binds; it owns nothing. */
  static final String APPLICATION_ROLE = "materia_app";

  static final String APPLICATION_PASSWORD = "materia_app";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private DevDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts (and on first use initializes) the cluster in {@code dataDirectory}. */
  static DevDatabase start(Path dataDirectory) {
    stopOrphanedServer(dataDirectory);
    EmbeddedPostgres postgres;
    try {
      Files.createDirectories(dataDirectory);
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              // DevEnvironment stops it last, after the agent and the server are done with it.
              .setRegisterShutdownHook(false)
              // zonky gives up after 10 s; a busy machine can take longer (it returns as soon as it
              // answers).
              .setPGStartupWait(Duration.ofSeconds(60))
              // zonky starts the server with -F (no fsync) and synchronous_commit=off; later
              // settings on the command line win, so these make commits durable again.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .start();
    } catch (IOException | RuntimeException e) {
      throw new UserError(
          "embedded PostgreSQL did not start in "
              + dataDirectory
              + " ("
              + rootCause(e).getMessage()
              + "); if another `materia dev` uses it, stop that one first",
          e);
    }
    DevDatabase database = new DevDatabase(postgres, dataDirectory);
    database.createApplicationDatabase();
    return database;
  }

  /** The administrator's URL: it owns the tables and runs migrations. */
  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", DATABASE);
  }

  /** The same database without credentials in the URL, for the application role. */
  String applicationJdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  String user() {
    return "postgres";
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  private void createApplicationDatabase() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      // Roles belong to the cluster; migrations grant this one its privileges in the database.
      statement.execute(
          "do $$ begin if not exists (select 1 from pg_roles where rolname = '"
              + APPLICATION_ROLE
              + "') then create role "
              + APPLICATION_ROLE
              + " login password '"
              + APPLICATION_PASSWORD
              + "'; else alter role "
              + APPLICATION_ROLE
              + " login password '"
              + APPLICATION_PASSWORD
              + "'; end if; end $$");
      try (ResultSet rs =
          statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      statement.execute("create database " + DATABASE);
    } catch (SQLException e) {
      throw new UserError("could not create the `" + DATABASE + "` database: " + e.getMessage(), e);
    }
  }

  /**
   * A PostgreSQL left running by an earlier, killed {@code materia dev} still holds the data
   * directory: stop it (fast shutdown) so this start can proceed. The process is recognized by the
   * directory alone, never by its name: the pid in {@code postmaster.pid} must be alive and its
   * command line or working directory must name this directory. A live pid that does not is refused
   * with what to do; a dead one is a stale lock, removed.
   */
  private static void stopOrphanedServer(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
    if (process.isPresent()) {
      if (!servesDirectory(process.get(), dataDirectory)) {
        throw new UserError(
            pidFile
                + " names pid "
                + pid.get()
                + ", which is running but is not a PostgreSQL of "
                + dataDirectory
                + "; if no PostgreSQL uses that directory, delete "
                + pidFile
                + " and run `./materia dev` again");
      }
      System.err.println(
          "materia: stopping the PostgreSQL (pid "
              + pid.get()
              + ") an earlier `materia dev` left running on "
              + dataDirectory);
      stop(process.get(), dataDirectory);
      return; // a fast shutdown removes its lock file
    }
    try {
      // Its process is gone: the lock is stale and PostgreSQL would refuse to start because of it.
      Files.deleteIfExists(pidFile);
      System.err.println("materia: removed a stale PostgreSQL lock file " + pidFile);
    } catch (IOException e) {
      throw new UserError("a stale lock file " + pidFile + " could not be removed: delete it", e);
    }
  }

  /** Whether {@code process} runs a server on {@code dataDirectory} (pg_ctl passes it as -D). */
  static boolean servesDirectory(ProcessHandle process, Path dataDirectory) {
    Path absolute = dataDirectory.toAbsolutePath().normalize();
    Path real;
    try {
      real = absolute.toRealPath();
    } catch (IOException e) {
      real = absolute;
    }
    String commandLine = process.info().commandLine().orElse("");
    if (commandLine.contains(" " + absolute + " ")
        || commandLine.endsWith(" " + absolute)
        || commandLine.contains(" " + real + " ")
        || commandLine.endsWith(" " + real)) {
      return true;
    }
    // PostgreSQL works in its data directory; Linux shows that as /proc/<pid>/cwd.
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"))
          .equals(real);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** SIGINT is PostgreSQL's fast shutdown (clients cut, a checkpoint); SIGQUIT if it hangs. */
  private static void stop(ProcessHandle postmaster, Path dataDirectory) {
    for (String signal : new String[] {"INT", "QUIT"}) {
      try {
        Process kill =
            new ProcessBuilder("kill", "-" + signal, Long.toString(postmaster.pid()))
                .inheritIO()
                .start();
        kill.waitFor(10, TimeUnit.SECONDS);
        postmaster.onExit().get(60, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException e) {
        // try the next, harder signal
      } catch (IOException | ExecutionException e) {
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new UserError(
        "the PostgreSQL (pid "
            + postmaster.pid()
            + ") an earlier `materia dev` left on "
            + dataDirectory
            + " did not stop; stop it with `kill "
            + postmaster.pid()
            + "` and run `./materia dev` again");
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
