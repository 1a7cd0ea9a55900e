package dev.materia.cli.dev;

import dev.materia.cli.UserError;
import dev.materia.controlplane.ControlPlane;
import dev.materia.controlplane.tenancy.Provisioning;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything {@code materia dev} runs: the embedded PostgreSQL (data under {@code home/dev}), the
 * control plane with the console, a ready sign-in (organization {@code local} with deployment
 * {@code dev}, owned by {@code dev@localhost}) and an agent with in-process runs that serves {@code
 * dev} and has the seed examples loaded as code location {@code seed}. Closing it stops all three,
 * the agent first.
 */
public final class DevEnvironment implements AutoCloseable {
  public static final String ORGANIZATION = "local";
  public static final String DEPLOYMENT = "dev";
  public static final String EMAIL = "dev@localhost";
  static final String PASSWORD_ENV = "MATERIA_DEV_PASSWORD";

  private final DevDatabase database;
  private final EmbeddedServer server;
  private final DevLogin login;
  private final DevAgent agent;

  private DevEnvironment(
      DevDatabase database, EmbeddedServer server, DevLogin login, DevAgent agent) {
    this.database = database;
    this.server = server;
    this.login = login;
    this.agent = agent;
  }

  /**
   * How to sign in to the dev console.
   *
   * @param passwordSource where the password came from, for the start-up message
   */
  public record DevLogin(
      String email,
      String password,
      String organization,
      String deployment,
      String passwordSource) {}

  /** Starts both parts with the password from {@code MATERIA_DEV_PASSWORD} or the kept one. */
  public static DevEnvironment start(Path home, int port) {
    return start(home, port, System.getenv(PASSWORD_ENV));
  }

  /**
   * Starts both parts, or fails with a {@link UserError} that says what to do.
   *
   * @param password the dev user's password; null or blank means the one kept in {@code
   *     home/dev/password}, generated on first start
   */
  public static DevEnvironment start(Path home, int port, String password) {
    requirePortFree(port);
    Path devHome = home.resolve("dev");
    DevDatabase database = DevDatabase.start(devHome.resolve("postgres"));
    EmbeddedServer server = null;
    try {
      server = ControlPlane.start(properties(database, port, sessionSecret(devHome)));
      DevLogin login = ensureLogin(server, devHome, password);
      DevAgent agent = DevAgent.start(server.getURI(), devHome, login);
      return new DevEnvironment(database, server, login, agent);
    } catch (RuntimeException e) {
      if (server != null) {
        server.getApplicationContext().close();
      }
      closeQuietly(database);
      throw e;
    }
  }

  public URI uri() {
    return server.getURI();
  }

  public Path dataDirectory() {
    return database.dataDirectory();
  }

  /** The JDBC URL of the dev database (as its administrator), for tools and tests. */
  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  public DevLogin login() {
    return login;
  }

  /** The code location of the seed examples the dev agent serves. */
  public String seedLocation() {
    return DevAgent.SEED_LOCATION;
  }

  @Override
  public void close() {
    try {
      agent.close();
    } finally {
      try {
        server.getApplicationContext().close();
      } finally {
        closeQuietly(database);
      }
    }
  }

  private static DevLogin ensureLogin(EmbeddedServer server, Path devHome, String password) {
    String source;
    String chosen;
    Path kept = devHome.resolve("password");
    if (password != null && !password.isBlank()) {
      chosen = password;
      source = "from " + PASSWORD_ENV;
    } else if (Files.isRegularFile(kept)) {
      chosen = read(kept);
      source = "kept in " + kept;
    } else {
      chosen = randomPassword();
      writePrivate(kept, chosen);
      source = "generated, kept in " + kept;
    }
    try {
      server
          .getApplicationContext()
          .getBean(Provisioning.class)
          .ensureLocalLogin(ORGANIZATION, "Local", DEPLOYMENT, EMAIL, "Developer", chosen);
    } catch (RuntimeException e) {
      throw new UserError("could not set up the dev sign-in: " + e.getMessage(), e);
    }
    return new DevLogin(EMAIL, chosen, ORGANIZATION, DEPLOYMENT, source);
  }

  /** Kept across restarts so a restart does not sign the developer out. */
  private static String sessionSecret(Path devHome) {
    Path file = devHome.resolve("session-secret");
    if (Files.isRegularFile(file)) {
      return read(file);
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String encoded = Base64.getEncoder().encodeToString(secret);
    writePrivate(file, encoded);
    return encoded;
  }

  private static String randomPassword() {
    String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      password.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return password.toString();
  }

  static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UserError("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  static void writePrivate(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system (Windows): the home directory's own permissions apply.
      }
    } catch (IOException e) {
      throw new UserError("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> properties(DevDatabase database, int port, String secret) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", port);
    // The application connects as materia_app, which row-level security binds; migrations run
    // as the administrator, as in production.
    properties.put("datasources.default.url", database.applicationJdbcUrl());
    properties.put("datasources.default.username", DevDatabase.APPLICATION_ROLE);
    properties.put("datasources.default.password", DevDatabase.APPLICATION_PASSWORD);
    properties.put("flyway.datasources.default.url", database.applicationJdbcUrl());
    properties.put("flyway.datasources.default.user", database.user());
    properties.put("flyway.datasources.default.password", "");
    properties.put("materia.session.secret", secret);
    properties.put("materia.public-url", "http://localhost:" + port);
    return properties;
  }

  private static void closeQuietly(DevDatabase database) {
    try {
      database.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
    }
  }

  static void requirePortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new UserError(
          "port "
              + port
              + " is in use; stop what uses it or run `./materia dev --port "
              + (port + 1)
              + "`");
    }
  }
}
