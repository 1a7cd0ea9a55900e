package dev.materia.cli.bench;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A small HTTP/1.1 client for one control plane with fixed headers (token, cookie, protocol). */
final class Http {
  static final JsonMapper JSON = JsonMapper.createDefault();
  private static final HttpClient SHARED =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final URI base;
  private final Map<String, String> headers;
  private final HttpClient client;

  private Http(URI base, Map<String, String> headers, HttpClient client) {
    this.base = base;
    this.headers = Map.copyOf(headers);
    this.client = client;
  }

  static Http to(URI base) {
    return new Http(base, Map.of(), SHARED);
  }

  Map<String, String> headers() {
    return headers;
  }

  URI base() {
    return base;
  }

  Http header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Http(base, copy, client);
  }

  Http bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  /** Agent protocol headers. */
  Http agent(String agentToken) {
    return bearer(agentToken).header("Materia-Protocol", "1");
  }

  /** The same headers on a client of its own (own connections), for many concurrent agents. */
  Http ownConnections() {
    return new Http(
        base,
        headers,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build());
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  HttpResponse<String> post(String path, String body) {
    return send("POST", path, body);
  }

  HttpResponse<String> put(String path, String body) {
    return send("PUT", path, body);
  }

  HttpResponse<String> send(String method, String path, String body) {
    try {
      return client.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return client.sendAsync(request("GET", path, null), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET whose response may come late (a stream): no timeout for its headers. */
  <T> CompletableFuture<HttpResponse<T>> stream(String path, HttpResponse.BodyHandler<T> handler) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    headers.forEach(request::header);
    return client.sendAsync(request.GET().build(), handler);
  }

  private HttpRequest request(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90));
    headers.forEach(request::header);
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return request.build();
  }

  /** The body of a response with the expected status, or an error naming both. */
  static String expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.uri().getPath()
              + " answered "
              + response.statusCode()
              + " instead of "
              + status
              + ": "
              + response.body());
    }
    return response.body();
  }

  static JsonNode json(String body) {
    try {
      return JSON.readValue(body, JsonNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  static String quote(String text) {
    return BenchReport.quote(text);
  }
}
