package dev.materia.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.TrustedCertificates;
import dev.materia.agent.client.WireJson;
import dev.materia.cli.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The REST API ({@code /api/v1}) as the CLI uses it: OkHttp and Jackson, with a user token or a
 * console session. Every refusal becomes a one-line {@link UserError} that says what to do.
 *
 * <pre>{@code
 * MateriaApi api = MateriaApi.withToken(URI.create("https://materia.example.com"), "mtu_…");
 * JsonNode me = api.get("/api/v1/me");
 * }</pre>
 */
public final class MateriaApi {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = WireJson.mapper();

  private final HttpUrl base;
  private final OkHttpClient http;
  private final String authorization;
  private final String cookie;

  private MateriaApi(HttpUrl base, String authorization, String cookie, Path caFile) {
    this.base = base;
    this.authorization = authorization;
    this.cookie = cookie;
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60));
    if (caFile != null) {
      try {
        X509TrustManager trust = TrustedCertificates.trustManager(caFile);
        http.sslSocketFactory(TrustedCertificates.sslContext(trust).getSocketFactory(), trust);
      } catch (IOException e) {
        throw new UserError(e.getMessage() + "; check MATERIA_CA_FILE", e);
      }
    }
    this.http = http.build();
  }

  /** A client that sends {@code Authorization: Bearer token} (an {@code mtu_} user token). */
  public static MateriaApi withToken(URI url, String token) {
    return withToken(url, token, null);
  }

  /**
   * The same, trusting the certificates in {@code caFile} (PEM) besides the system's, for a control
   * plane behind a company or test CA; null for the system's alone.
   */
  public static MateriaApi withToken(URI url, String token, Path caFile) {
    Objects.requireNonNull(token, "token == null");
    return new MateriaApi(baseOf(url), "Bearer " + token, null, caFile);
  }

  /** Signs in with a password and keeps the session cookie, as the console does. */
  public static MateriaApi signIn(URI url, String email, String password) {
    MateriaApi anonymous = new MateriaApi(baseOf(url), null, null, null);
    Request request =
        anonymous
            .authorize(anonymous.request("/api/v1/auth/login"))
            .post(body(MAPPER.createObjectNode().put("email", email).put("password", password)))
            .build();
    try (Response response = anonymous.execute(request)) {
      anonymous.readOrFail(response, "sign in as " + email);
      // The session cookie, not its readable companion (materia-signed-in) set beside it.
      String session =
          response.headers("Set-Cookie").stream()
              .map(c -> c.split(";", 2)[0])
              .filter(
                  c -> c.startsWith("__Host-materia-session=") || c.startsWith("materia-session="))
              .findFirst()
              .orElseThrow(
                  () -> new UserError("signing in as " + email + " gave no session cookie"));
      return new MateriaApi(anonymous.base, null, session, null);
    }
  }

  /** The JSON mapper the CLI reads and writes with. */
  public static ObjectMapper json() {
    return MAPPER;
  }

  /** The server's base URL. */
  public URI url() {
    return base.uri();
  }

  /** {@code GET path} with query parameters as name, value pairs (null values left out). */
  public JsonNode get(String path, String... query) {
    HttpUrl.Builder url = url(path);
    for (int i = 0; i + 1 < query.length; i += 2) {
      if (query[i + 1] != null) {
        url.addQueryParameter(query[i], query[i + 1]);
      }
    }
    return call(new Request.Builder().url(url.build()), "GET " + path);
  }

  /** {@code POST path} with {@code body} as JSON ({@code {}} for null). */
  public JsonNode post(String path, Object body) {
    JsonNode json = body == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(body);
    return call(request(path).post(body(json)), "POST " + path);
  }

  /** {@code DELETE path}. */
  public void delete(String path) {
    call(request(path).delete(), "DELETE " + path);
  }

  /**
   * Reads the server-sent events at {@code path} and hands each {@code data:} payload to {@code
   * onData} until the stream ends or {@code onData} answers false.
   */
  public void stream(String path, String after, Predicate<JsonNode> onData) {
    stream(path, after, Duration.ZERO, onData);
  }

  /**
   * The same, giving up with a {@link StreamTimeout} once {@code timeout} has passed ({@link
   * Duration#ZERO} for never).
   */
  public void stream(String path, String after, Duration timeout, Predicate<JsonNode> onData) {
    HttpUrl url = url(path).addQueryParameter("after", after).build();
    Request request =
        authorize(new Request.Builder().url(url)).header("Accept", "text/event-stream").build();
    OkHttpClient streaming =
        http.newBuilder().readTimeout(Duration.ZERO).callTimeout(timeout).build();
    try (Response response = execute(streaming, request)) {
      if (!response.isSuccessful()) {
        readOrFail(response, "GET " + path);
      }
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8));
      StringBuilder data = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("data:")) {
          data.append(line.substring(5).stripLeading());
        } else if (line.isEmpty() && !data.isEmpty()) {
          JsonNode event = MAPPER.readTree(data.toString());
          data.setLength(0);
          if (!onData.test(event)) {
            return;
          }
        }
      }
    } catch (InterruptedIOException e) {
      throw new StreamTimeout(path, timeout, e);
    } catch (IOException e) {
      throw new UserError("the event stream from " + base + " broke off: " + e.getMessage(), e);
    }
  }

  /**
   * An {@code /api/v1} path from segments, each escaped; a segment's own {@code /} separates path
   * segments, as asset keys do in URLs: {@code path("orgs", org, "assets", "sales/raw_orders")}.
   */
  public static String path(String... segments) {
    HttpUrl.Builder url = new HttpUrl.Builder().scheme("http").host("x").addPathSegments("api/v1");
    for (String segment : segments) {
      for (String part : segment.split("/")) {
        url.addPathSegment(part);
      }
    }
    return url.build().encodedPath();
  }

  private JsonNode call(Request.Builder builder, String what) {
    try (Response response = execute(authorize(builder).build())) {
      return readOrFail(response, what);
    }
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url(url(path).build());
  }

  private Request.Builder authorize(Request.Builder builder) {
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (cookie != null) {
      builder.header("Cookie", cookie);
    }
    // Required for state-changing requests made with a session; harmless with a token.
    return builder.header("X-Materia-CSRF", "1").header("Accept", "application/json");
  }

  private HttpUrl.Builder url(String path) {
    HttpUrl resolved = base.resolve(path);
    if (resolved == null) {
      throw new IllegalArgumentException("not a path: " + path);
    }
    return resolved.newBuilder();
  }

  private Response execute(Request request) {
    return execute(http, request);
  }

  private Response execute(OkHttpClient client, Request request) {
    try {
      return client.newCall(request).execute();
    } catch (IOException e) {
      throw new UserError(
          "cannot reach "
              + base
              + " ("
              + e.getMessage()
              + "); check MATERIA_URL and that the control plane is running",
          e);
    }
  }

  private JsonNode readOrFail(Response response, String what) {
    String text;
    try {
      text = response.body().string();
    } catch (IOException e) {
      throw new UserError("the answer to " + what + " broke off: " + e.getMessage(), e);
    }
    JsonNode node = parse(text);
    if (response.isSuccessful()) {
      if (node == null) {
        throw new UserError(
            "the answer to "
                + what
                + " from "
                + base
                + " is not JSON: is MATERIA_URL a Materia control plane?");
      }
      return node;
    }
    String message = node == null ? null : node.path("error").path("message").asText(null);
    if (message == null || message.isBlank()) {
      message = "HTTP " + response.code() + " from " + what;
    }
    if (response.code() == 401 && authorization != null) {
      throw new UserError(
          "the server refused the credentials ("
              + message
              + "); check MATERIA_TOKEN: it must be a current mtu_ user token");
    }
    throw new ApiRefusal(response.code(), node == null ? null : node.path("error"), message);
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return MAPPER.nullNode();
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static RequestBody body(JsonNode json) {
    try {
      return RequestBody.create(MAPPER.writeValueAsBytes(json), JSON);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpUrl baseOf(URI url) {
    Objects.requireNonNull(url, "url == null");
    HttpUrl parsed = HttpUrl.parse(url.toString());
    if (parsed == null) {
      throw new UserError(
          "MATERIA_URL " + url + " is not an http(s) URL: use e.g. https://materia.example.com");
    }
    return parsed;
  }

  /** The event stream did not end within its time limit. */
  public static final class StreamTimeout extends UserError {
    StreamTimeout(String path, Duration timeout, Throwable cause) {
      super(
          "the event stream " + path + " did not end within " + timeout.toSeconds() + " s", cause);
    }
  }

  /** A refusal other than 401, with the server's message (already one line, naming the fix). */
  public static final class ApiRefusal extends UserError {
    private final int status;
    private final String code;
    private final String field;

    ApiRefusal(int status, JsonNode error, String message) {
      super(message);
      this.status = status;
      this.code = error == null ? null : error.path("code").asText(null);
      this.field = error == null ? null : error.path("field").asText(null);
    }

    public int status() {
      return status;
    }

    /** The error code of the body, such as {@code not_found}, or null. */
    public String code() {
      return code;
    }

    /** The request field the refusal names, such as {@code partitionKey}, or null. */
    public String field() {
      return field;
    }
  }
}
