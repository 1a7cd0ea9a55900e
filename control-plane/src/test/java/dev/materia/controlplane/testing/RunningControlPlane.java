package dev.materia.controlplane.testing;

import dev.materia.controlplane.ControlPlane;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that runs a real control plane on a random port against a fresh database, for
 * tests that speak real HTTP to it.
 *
 * <pre>{@code
 * @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();
 * }</pre>
 *
 * <p>Over HTTPS, and stopped and restarted on the same port and database mid-test:
 *
 * <pre>{@code
 * new RunningControlPlane(Map.of(), new RunningControlPlane.Tls(keyStore, "secret", clientContext));
 * controlPlane.stop();     // the database stays
 * controlPlane.restart();  // same port, same database
 * }</pre>
 */
public final class RunningControlPlane implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, Object> extraProperties;
  private final Tls tls;
  private final FreshDatabase database;
  private final HttpClient http;
  private EmbeddedServer server;
  private int port = -1;

  /**
   * Serves HTTPS with a server certificate from a keystore.
   *
   * @param keyStore a PKCS12 file holding the server's private key and certificate chain
   * @param clientContext what this fixture's own client trusts (the test CA)
   */
  public record Tls(Path keyStore, String keyStorePassword, SSLContext clientContext) {
    public Tls {
      Objects.requireNonNull(keyStore, "keyStore == null");
      Objects.requireNonNull(keyStorePassword, "keyStorePassword == null");
      Objects.requireNonNull(clientContext, "clientContext == null");
    }
  }

  public RunningControlPlane() {
    this(Map.of());
  }

  public RunningControlPlane(Map<String, Object> extraProperties) {
    this(extraProperties, null);
  }

  /** A control plane serving HTTPS only when {@code tls} is not null. */
  public RunningControlPlane(Map<String, Object> extraProperties, Tls tls) {
    this(extraProperties, tls, PostgresServer::shared);
  }

  /**
   * A control plane over a database on {@code server} (a {@link PostgresServer#dedicated} one for
   * tests that crash the database under it), serving HTTPS only when {@code tls} is not null.
   */
  public RunningControlPlane(
      Map<String, Object> extraProperties, Tls tls, Supplier<PostgresServer> server) {
    this.database = new FreshDatabase(server);
    this.extraProperties = Map.copyOf(extraProperties);
    this.tls = tls;
    this.http =
        tls == null
            ? HttpClient.newHttpClient()
            : HttpClient.newBuilder().sslContext(tls.clientContext()).build();
  }

  /**
   * The test class that started this control plane. JUnit calls a static extension's callbacks
   * again for each {@code @Nested} class; those share the enclosing class's server.
   */
  private Class<?> owner;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (owner != null) {
      return;
    }
    owner = context.getRequiredTestClass();
    database.beforeAll(context);
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getRequiredTestClass() != owner) {
      return;
    }
    owner = null;
    stop();
    database.afterAll(context);
  }

  /** Stops the server, as an outage would; the database and its rows stay. */
  public synchronized void stop() {
    if (server != null) {
      server.getApplicationContext().close();
      server = null;
    }
  }

  /** Starts the server again on the port it had, over the same database. */
  public synchronized void restart() {
    if (server != null) {
      throw new IllegalStateException("the control plane is running; stop() it first");
    }
    start();
  }

  /** Whether the server is up (between start or {@link #restart()} and {@link #stop()}). */
  public synchronized boolean running() {
    return server != null;
  }

  private synchronized void start() {
    Map<String, Object> properties = new HashMap<>(database.database().datasourceProperties());
    properties.put("micronaut.server.port", port);
    if (tls != null) {
      properties.put("micronaut.server.ssl.enabled", true);
      properties.put("micronaut.server.ssl.build-self-signed", false);
      properties.put("micronaut.server.ssl.port", port);
      properties.put("micronaut.server.ssl.key-store.path", "file:" + tls.keyStore());
      properties.put("micronaut.server.ssl.key-store.password", tls.keyStorePassword());
      properties.put("micronaut.server.ssl.key-store.type", "PKCS12");
    }
    properties.putAll(extraProperties);
    server = ControlPlane.start(properties);
    port = server.getPort();
  }

  /** The base URL, {@code http://localhost:port/} or {@code https://…}; stable across restarts. */
  public URI baseUri() {
    return URI.create((tls == null ? "http" : "https") + "://localhost:" + port + "/");
  }

  public URI uri(String path) {
    return baseUri().resolve(path);
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  public TestDatabase database() {
    return database.database();
  }

  /** A client without credentials; add a cookie, a bearer token or the CSRF header to it. */
  public ApiClient client() {
    return new ApiClient(this, java.util.List.of());
  }

  /** Sends a GET over real HTTP and returns the response with its body as a string. */
  public HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  /**
   * Sends {@code method} with a JSON body (or none when null) over real HTTP.
   *
   * @param headers name, value, name, value…
   */
  public HttpResponse<String> send(String method, String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  /**
   * Sends a prepared request, for bodies {@link #send(String, String, String, String...)} cannot
   * make.
   */
  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
