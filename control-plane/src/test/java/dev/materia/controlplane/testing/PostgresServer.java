package dev.materia.controlplane.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL server of a test JVM, shared by every test class of every module.
 *
 * <p>It picks, in order: {@code MATERIA_TEST_DATABASE_URL} (a JDBC URL to a server where the user
 * may create databases; the user and password come from {@code MATERIA_TEST_DATABASE_USER} and
 * {@code MATERIA_TEST_DATABASE_PASSWORD} or from the URL), Testcontainers when a Docker engine
 * answers, otherwise an embedded PostgreSQL (zonky). It says in one log line which it chose. Each
 * test class gets its own database through {@link #createDatabase(String)}.
 */
public final class PostgresServer {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static PostgresServer shared;

  private final String backend;
  private final String adminUrl;
  private final String user;
  private final String password;

  /** Only for a {@link #dedicated} server: what it needs to crash and come back on its port. */
  private final Dedicated dedicated;

  private PostgresServer(String backend, String adminUrl, String user, String password) {
    this(backend, adminUrl, user, password, null);
  }

  private PostgresServer(
      String backend, String adminUrl, String user, String password, Dedicated dedicated) {
    this.backend = backend;
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.dedicated = dedicated;
  }

  /** The server of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      LOG.info("PostgreSQL test fixture: {} at {}", shared.backend, shared.adminUrl);
    }
    return shared;
  }

  /**
   * A server of its own for a test that takes the database away: an embedded PostgreSQL (zonky,
   * whose defaults are {@code -F} and {@code synchronous_commit=off}, plus {@code serverConfig}) in
   * a directory of its own, which {@link #crash()} kills and {@link #restart()} brings back on the
   * same port and data. It is stopped and deleted when the JVM exits.
   *
   * <pre>{@code
   * PostgresServer server = PostgresServer.dedicated(Map.of("wal_writer_delay", "10s"));
   * new RunningControlPlane(Map.of(), null, () -> server);
   * server.crash();    // SIGKILL to every process of the server: nothing is flushed
   * server.restart();  // crash recovery, same port
   * }</pre>
   */
  public static PostgresServer dedicated(Map<String, String> serverConfig) {
    try {
      Path dir = Files.createTempDirectory("materia-dedicated-postgres-");
      Dedicated server = new Dedicated(dir.resolve("data"), Map.copyOf(serverConfig));
      server.start(0);
      Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "postgres-dedicated-stop"));
      PostgresServer postgres =
          new PostgresServer(
              "dedicated embedded PostgreSQL (zonky)",
              server.current.getJdbcUrl("postgres", "postgres"),
              "postgres",
              "postgres",
              server);
      LOG.info("PostgreSQL test fixture: {} at {}", postgres.backend, postgres.adminUrl);
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("dedicated embedded PostgreSQL did not start", e);
    }
  }

  /**
   * Kills the server as a crash would: SIGKILL to the postmaster and every process it started, so
   * nothing still in its memory (WAL of asynchronous commits among it) reaches the disk. Only for a
   * {@link #dedicated} server.
   */
  public void crash() {
    requireDedicated().crash();
  }

  /** Starts a {@link #crash() crashed} server again on its port and data directory. */
  public void restart() {
    requireDedicated().restart();
  }

  private Dedicated requireDedicated() {
    if (dedicated == null) {
      throw new IllegalStateException("only a dedicated server can crash: " + backend);
    }
    return dedicated;
  }

  /** Which backend the fixture chose: {@code env}, {@code testcontainers} or {@code embedded}. */
  public String backend() {
    return backend;
  }

  /**
   * The role the control plane connects as in tests, as in production: a member of {@code
   * materia_app} that owns nothing and cannot bypass row-level security. Roles are per server, so
   * it is created once (migrations grant it privileges in each database).
   */
  public static final String APPLICATION_ROLE = "materia_app";

  public static final String APPLICATION_PASSWORD = "materia_app";

  private boolean applicationRoleReady;

  private synchronized void ensureApplicationRole() {
    if (applicationRoleReady) {
      return;
    }
    execute(
        "do $$ begin"
            + " if not exists (select 1 from pg_roles where rolname = '"
            + APPLICATION_ROLE
            + "') then create role "
            + APPLICATION_ROLE
            + " login password '"
            + APPLICATION_PASSWORD
            + "'; else alter role "
            + APPLICATION_ROLE
            + " login password '"
            + APPLICATION_PASSWORD
            + "'; end if;"
            + " exception when duplicate_object then null; end $$");
    applicationRoleReady = true;
  }

  /** Creates an empty database with a unique name derived from {@code label}. */
  public TestDatabase createDatabase(String label) {
    ensureApplicationRole();
    Objects.requireNonNull(label, "label == null");
    String name =
        ("t_"
                + label.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT)
                + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)))
            .replaceAll("_+", "_");
    if (name.length() > 63) {
      name = name.substring(0, 54) + name.substring(name.length() - 9);
    }
    execute("create database " + name);
    return new TestDatabase(this, name, urlOf(name), user, password);
  }

  void dropDatabase(String name) {
    execute("drop database if exists " + name + " with (force)");
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL test fixture: `" + sql + "` failed", e);
    }
  }

  private String urlOf(String database) {
    // Replace the database in jdbc:postgresql://host:port/db?params with the given one.
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?', slash);
    String params = query < 0 ? "" : adminUrl.substring(query);
    return adminUrl.substring(0, slash + 1) + database + params;
  }

  private static PostgresServer start() {
    String envUrl = System.getenv("MATERIA_TEST_DATABASE_URL");
    if (envUrl != null && !envUrl.isBlank()) {
      if (!envUrl.startsWith("jdbc:postgresql://")) {
        throw new IllegalStateException(
            "MATERIA_TEST_DATABASE_URL must be a JDBC URL like"
                + " jdbc:postgresql://localhost:5432/postgres, got: "
                + envUrl);
      }
      return new PostgresServer(
          "env (MATERIA_TEST_DATABASE_URL)",
          envUrl,
          System.getenv("MATERIA_TEST_DATABASE_USER"),
          System.getenv("MATERIA_TEST_DATABASE_PASSWORD"));
    }
    if (dockerAnswers()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-fixture-stop"));
      return new PostgresServer(
          "testcontainers (postgres:17-alpine)",
          container.getJdbcUrl(),
          container.getUsername(),
          container.getPassword());
    }
    return startEmbedded();
  }

  private static boolean dockerAnswers() {
    // Asking Testcontainers with no engine configured only logs a page of errors; skip it then.
    boolean configured =
        System.getenv("DOCKER_HOST") != null
            || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
            || java.nio.file.Files.exists(
                java.nio.file.Path.of(
                    System.getProperty("user.home"), ".testcontainers.properties"));
    if (!configured) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static PostgresServer startEmbedded() {
    // zonky's fast settings stay (-F: no fsync; synchronous_commit=off): a test server is thrown
    // away, and event ingestion sets synchronous_commit = on itself (TenantTransactions
    // .runDurably), which is what keeps acknowledged batches through a crash of the server process.
    try {
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              // zonky gives up after 10 s by default; it returns as soon as the server answers.
              .setPGStartupWait(java.time.Duration.ofSeconds(60))
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // The JVM is exiting; the temporary cluster directory goes with it.
                    }
                  },
                  "postgres-fixture-stop"));
      return new PostgresServer(
          "embedded PostgreSQL (zonky)",
          postgres.getJdbcUrl("postgres", "postgres"),
          "postgres",
          "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "PostgreSQL test fixture: embedded PostgreSQL did not start", e);
    }
  }

  private static final class Dedicated {
    private final Path dataDirectory;
    private final Map<String, String> config;
    private EmbeddedPostgres current;
    private int port;

    Dedicated(Path dataDirectory, Map<String, String> config) {
      this.dataDirectory = dataDirectory;
      this.config = config;
    }

    synchronized void start(int onPort) throws IOException {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60));
      if (onPort > 0) {
        builder.setPort(onPort);
      }
      config.forEach(builder::setServerConfig);
      current = builder.start();
      port = current.getPort();
    }

    synchronized void crash() {
      if (current == null) {
        throw new IllegalStateException("the dedicated server is not running");
      }
      long pid = postmasterPid();
      ProcessHandle postmaster =
          ProcessHandle.of(pid)
              .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid));
      List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
      all.add(postmaster);
      all.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle process : all) {
        try {
          process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(
              "PostgreSQL process " + process.pid() + " outlived SIGKILL", e);
        }
      }
      try {
        // Releases zonky's lock on the directory; its pg_ctl stop finds no server and says so.
        current.close();
      } catch (IOException ignored) {
        // nothing runs any more
      }
      current = null;
    }

    synchronized void restart() {
      if (current != null) {
        throw new IllegalStateException("the dedicated server is running; crash() it first");
      }
      try {
        start(port);
      } catch (IOException e) {
        throw new UncheckedIOException("the dedicated PostgreSQL did not come back", e);
      }
    }

    private long postmasterPid() {
      try {
        return Long.parseLong(
            Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized void destroy() {
      try {
        if (current != null) {
          current.close();
        }
        try (var files = Files.walk(dataDirectory.getParent())) {
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      } catch (IOException ignored) {
        // the JVM is exiting; a temporary directory may stay behind
      }
    }
  }
}
