package dev.materia.controlplane.testing;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Real HTTP calls to a {@link RunningControlPlane} with a fixed set of headers: a session cookie, a
 * bearer token, the CSRF header. Immutable; each {@code with…} returns a new client.
 *
 * <pre>{@code
 * HttpResponse<String> response = controlPlane.client().bearer(token).get("/api/v1/me");
 * }</pre>
 */
public record ApiClient(RunningControlPlane controlPlane, List<String> headers) {
  public static final String CSRF_HEADER = "X-Materia-CSRF";

  public ApiClient header(String name, String value) {
    List<String> more = new ArrayList<>(headers);
    more.add(name);
    more.add(value);
    return new ApiClient(controlPlane, List.copyOf(more));
  }

  public ApiClient bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  /** Sends {@code cookie} ({@code name=value}) with every request. */
  public ApiClient cookie(String cookie) {
    return header("Cookie", cookie);
  }

  /** Adds {@code X-Materia-CSRF: 1}, as the console does on every request. */
  public ApiClient csrf() {
    return header(CSRF_HEADER, "1");
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  public HttpResponse<String> post(String path, String json) {
    return send("POST", path, json);
  }

  public HttpResponse<String> patch(String path, String json) {
    return send("PATCH", path, json);
  }

  public HttpResponse<String> delete(String path) {
    return send("DELETE", path, null);
  }

  public HttpResponse<String> send(String method, String path, String json) {
    return controlPlane.send(method, path, json, headers.toArray(String[]::new));
  }
}
