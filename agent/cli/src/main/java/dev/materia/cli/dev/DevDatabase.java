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

/**
 * The embedded PostgreSQL of {@code materia dev}. Its data persists in one directory, so a second
 * start finds everything the first one stored.
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
    refuseLiveEarlierServer(dataDirectory);
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
   * directory; say how to stop it instead of failing deep inside the server start.
   */
  private static void refuseLiveEarlierServer(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      return;
    }
    if (ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
      throw new UserError(
          "an earlier PostgreSQL (pid "
              + pid.get()
              + ") still holds "
              + dataDirectory
              + "; stop it with `kill "
              + pid.get()
              + "` and run `./materia dev` again");
    }
    try {
      // Its process is gone: the lock is stale and PostgreSQL would refuse to start because of it.
      Files.deleteIfExists(pidFile);
      System.err.println("materia: removed a stale PostgreSQL lock file " + pidFile);
    } catch (IOException e) {
      throw new UserError("a stale lock file " + pidFile + " could not be removed: delete it", e);
    }
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
