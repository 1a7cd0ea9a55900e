package dev.materia.cli.dev;

import dev.materia.cli.UserError;
import dev.materia.controlplane.ControlPlane;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything {@code materia dev} runs: the embedded PostgreSQL (data under {@code home/dev}) and
 * the control plane with the console. Closing it stops both, the server first.
 */
public final class DevEnvironment implements AutoCloseable {
  private final DevDatabase database;
  private final EmbeddedServer server;

  private DevEnvironment(DevDatabase database, EmbeddedServer server) {
    this.database = database;
    this.server = server;
  }

  /** Starts both parts, or fails with a {@link UserError} that says what to do. */
  public static DevEnvironment start(Path home, int port) {
    requirePortFree(port);
    DevDatabase database = DevDatabase.start(home.resolve("dev").resolve("postgres"));
    try {
      return new DevEnvironment(database, ControlPlane.start(properties(database, port)));
    } catch (RuntimeException e) {
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

  /** The JDBC URL of the dev database, for tools and tests. */
  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  @Override
  public void close() {
    try {
      server.getApplicationContext().close();
    } finally {
      closeQuietly(database);
    }
  }

  private static Map<String, Object> properties(DevDatabase database, int port) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", port);
    properties.put("datasources.default.url", database.jdbcUrl());
    properties.put("datasources.default.username", database.user());
    properties.put("datasources.default.password", "");
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
