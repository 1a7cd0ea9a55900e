package dev.materia.controlplane.testing;

import dev.materia.controlplane.ControlPlane;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
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
 */
public final class RunningControlPlane implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, Object> extraProperties;
  private final FreshDatabase database = new FreshDatabase();
  private final HttpClient http = HttpClient.newHttpClient();
  private EmbeddedServer server;

  public RunningControlPlane() {
    this(Map.of());
  }

  public RunningControlPlane(Map<String, Object> extraProperties) {
    this.extraProperties = Map.copyOf(extraProperties);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database.beforeAll(context);
    Map<String, Object> properties = new HashMap<>(database.database().datasourceProperties());
    properties.put("micronaut.server.port", -1);
    properties.putAll(extraProperties);
    server = ControlPlane.start(properties);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.getApplicationContext().close();
      server = null;
    }
    database.afterAll(context);
  }

  public URI uri(String path) {
    return server.getURI().resolve(path);
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
