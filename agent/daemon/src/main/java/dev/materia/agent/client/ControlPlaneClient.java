package dev.materia.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.EventBatchAck;
import dev.materia.api.agent.SnapshotAck;
import dev.materia.api.agent.WorkResponse;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.UnknownServiceException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control-plane client on OkHttp: bearer token, {@code Materia-Protocol: 1}, timeouts, and
 * retries with jittered exponential backoff on 429, 5xx and connection errors only.
 *
 * <pre>{@code
 * ControlPlaneClient client =
 *     ControlPlaneClient.builder(URI.create("https://materia.example.com"), "mta_…")
 *         .extraCaFile(Path.of("/etc/materia/ca.pem"))
 *         .build();
 * WorkResponse work = client.pollWork(Duration.ofSeconds(25));
 * }</pre>
 *
 * <p>Requests are idempotent by protocol (ingestion dedups on run and seq, heartbeats and uploads
 * replace), so retrying a request whose answer was lost is safe. A certificate the client does not
 * trust and every other 4xx fail at once.
 */
public final class ControlPlaneClient implements ControlPlane {
  private static final Logger log = LoggerFactory.getLogger(ControlPlaneClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = "materia-agent/" + AgentVersion.VERSION;

  private final HttpUrl baseUrl;
  private final String token;
  private final OkHttpClient http;
  private final Duration pollMargin;
  private final int maxAttempts;
  private final Backoff backoff;
  private final EgressLedger ledger;
  private final ObjectMapper json;

  private ControlPlaneClient(
      HttpUrl baseUrl,
      String token,
      OkHttpClient http,
      Duration pollMargin,
      int maxAttempts,
      Backoff backoff,
      EgressLedger ledger,
      ObjectMapper json) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = http;
    this.pollMargin = pollMargin;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.ledger = ledger;
    this.json = json;
  }

  /** Starts a client for the control plane at {@code baseUrl} (https, or http for local dev). */
  public static Builder builder(URI baseUrl, String token) {
    return new Builder(baseUrl, token);
  }

  /** The same client with another bearer token, sharing connections. */
  public ControlPlaneClient withToken(String token) {
    return new ControlPlaneClient(
        baseUrl, requireToken(token), http, pollMargin, maxAttempts, backoff, ledger, json);
  }

  @Override
  public WorkResponse pollWork(Duration wait) throws IOException {
    Objects.requireNonNull(wait, "wait == null");
    HttpUrl url =
        url("api/agent/v1/work")
            .newBuilder()
            .addQueryParameter(AgentProtocol.WAIT_PARAM, wait.toSeconds() + "s")
            .build();
    // The server holds the poll for up to `wait`, so the read must outlast it.
    OkHttpClient polling =
        http.newBuilder()
            .readTimeout(wait.plus(pollMargin).toMillis(), TimeUnit.MILLISECONDS)
            .build();
    return read(polling, "GET", url, null, WorkResponse.class);
  }

  @Override
  public void heartbeat(AgentHeartbeat heartbeat) throws IOException {
    Objects.requireNonNull(heartbeat, "heartbeat == null");
    read(http, "POST", url("api/agent/v1/heartbeat"), json.writeValueAsBytes(heartbeat), null);
  }

  @Override
  public SnapshotAck uploadSnapshot(String deployment, CodeLocationSnapshot snapshot)
      throws IOException {
    Objects.requireNonNull(deployment, "deployment == null");
    Objects.requireNonNull(snapshot, "snapshot == null");
    HttpUrl url =
        baseUrl
            .newBuilder()
            .addPathSegments("api/agent/v1/code-locations")
            .addPathSegment(snapshot.name())
            .addPathSegment("snapshot")
            .addQueryParameter(AgentProtocol.DEPLOYMENT_PARAM, deployment)
            .build();
    return read(http, "PUT", url, json.writeValueAsBytes(snapshot), SnapshotAck.class);
  }

  @Override
  public EventBatchSender events(String token) {
    ControlPlaneClient client = withToken(token);
    return client::sendEvents;
  }

  @Override
  public EventBatchSender events() {
    return this::sendEvents;
  }

  private EventBatchAck sendEvents(String runId, byte[] body) throws IOException {
    Objects.requireNonNull(runId, "runId == null");
    HttpUrl url =
        baseUrl
            .newBuilder()
            .addPathSegments("api/agent/v1/runs")
            .addPathSegment(runId)
            .addPathSegment("events")
            .build();
    return read(http, "POST", url, body, EventBatchAck.class);
  }

  private HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  private <T> T read(OkHttpClient client, String method, HttpUrl url, byte[] body, Class<T> type)
      throws IOException {
    String what = method + " " + url.encodedPath();
    for (int attempt = 1; ; attempt++) {
      Request.Builder request =
          new Request.Builder()
              .url(url)
              .header("Authorization", "Bearer " + token)
              .header(AgentProtocol.HEADER, AgentProtocol.VERSION)
              .header("User-Agent", USER_AGENT)
              .header("Accept", "application/json");
      if (body != null) {
        request.method(method, RequestBody.create(body, JSON));
        if (ledger != null) {
          ledger.record(method, url.encodedPath(), body);
        }
      } else {
        request.method(method, null);
      }
      Duration retryAfter = null;
      IOException failure;
      try (Response response = client.newCall(request.build()).execute()) {
        byte[] answer = response.body().bytes();
        if (response.isSuccessful()) {
          return type == null ? null : parse(what, answer, type);
        }
        failure = error(what, response.code(), answer);
        if (!ControlPlaneException.isRetryable(response.code())) {
          throw failure;
        }
        retryAfter = retryAfter(response.header("Retry-After"));
      } catch (ControlPlaneException | MalformedResponseException e) {
        throw e;
      } catch (IOException e) {
        // An interrupt (the agent stopping) closes the channel: give up at once, quietly.
        if (!retryable(e) || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        failure = e;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        // OkHttp is Kotlin and can throw InterruptedException without declaring it.
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          var interrupted = new InterruptedIOException(what + " was interrupted");
          interrupted.initCause(e);
          throw interrupted;
        }
        throw new IOException(what + " failed: " + e, e);
      }
      if (attempt >= maxAttempts) {
        throw failure;
      }
      Duration delay = retryAfter != null ? retryAfter : backoff.delay(attempt);
      log.warn(
          "{} failed (attempt {}): {}; retrying in {} ms",
          what,
          attempt,
          failure.getMessage(),
          delay.toMillis());
      pause(delay);
    }
  }

  private <T> T parse(String what, byte[] answer, Class<T> type) throws IOException {
    try {
      return json.readValue(answer, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new MalformedResponseException(
          what
              + " answered a body that is not a valid "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private ControlPlaneException error(String what, int status, byte[] answer) {
    String code = null;
    String message = null;
    String field = null;
    try {
      JsonNode error = json.readTree(answer).path("error");
      code = text(error, "code");
      message = text(error, "message");
      field = text(error, "field");
    } catch (IOException | RuntimeException e) {
      // Not the standard error shape (a proxy's HTML page, say): keep a short excerpt instead.
      String raw =
          new String(
              answer, 0, Math.min(answer.length, 200), java.nio.charset.StandardCharsets.UTF_8);
      message = raw.isBlank() ? null : raw.strip();
    }
    return new ControlPlaneException(what, status, code, message, field);
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** Connection failures retry; an untrusted certificate or a refused protocol never will. */
  private static boolean retryable(IOException e) {
    if (e instanceof SSLPeerUnverifiedException || e instanceof UnknownServiceException) {
      return false;
    }
    if (e instanceof SSLHandshakeException) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof CertificateException) {
          return false;
        }
      }
    }
    return !(e instanceof InterruptedIOException) || e instanceof java.net.SocketTimeoutException;
  }

  private Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    Duration cap = backoff.max();
    try {
      long seconds = Long.parseLong(header.strip());
      return Duration.ofSeconds(Math.max(0, seconds)).compareTo(cap) > 0
          ? cap
          : Duration.ofSeconds(Math.max(0, seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = DateTimeFormatter.RFC_1123_DATE_TIME.parse(header.strip(), Instant::from);
        Duration wait = Duration.between(Clock.systemUTC().instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(cap) > 0 ? cap : wait;
      } catch (RuntimeException unreadable) {
        return null;
      }
    }
  }

  private static void pause(Duration delay) throws InterruptedIOException {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while backing off");
    }
  }

  private static String requireToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token is blank: set the agent token (mta_…)");
    }
    if (token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new IllegalArgumentException(
          "token contains whitespace or non-ASCII characters: copy it again without spaces");
    }
    return token;
  }

  /** Settings for a {@link ControlPlaneClient}; every one has a default. */
  public static final class Builder {
    private final URI baseUrl;
    private final String token;
    private Path extraCaFile;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration pollMargin = Duration.ofSeconds(10);
    private int maxAttempts = 5;
    private Backoff backoff = Backoff.DEFAULT;
    private EgressLedger ledger;

    private Builder(URI baseUrl, String token) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      this.token = requireToken(token);
    }

    /** Trusts the CAs in this PEM file besides the system's. */
    public Builder extraCaFile(Path extraCaFile) {
      this.extraCaFile = extraCaFile;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout == null");
      return this;
    }

    /** The read timeout of ordinary calls; long polls add their wait to it. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout == null");
      return this;
    }

    /** How long past its wait a long poll may take before it counts as a timeout. */
    public Builder pollMargin(Duration pollMargin) {
      this.pollMargin = Objects.requireNonNull(pollMargin, "pollMargin == null");
      return this;
    }

    /** Attempts per call, the first included; at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff == null");
      return this;
    }

    /** Appends every request body to this ledger; null for none. */
    public Builder egressLedger(EgressLedger ledger) {
      this.ledger = ledger;
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IOException when the CA file cannot be read
     */
    public ControlPlaneClient build() throws IOException {
      HttpUrl url = HttpUrl.get(baseUrl.toString());
      if (url == null) {
        throw new IllegalArgumentException(
            "control-plane URL "
                + baseUrl
                + " is not http(s): use e.g. https://materia.example.com");
      }
      X509TrustManager trust = TrustedCertificates.trustManager(extraCaFile);
      OkHttpClient http =
          new OkHttpClient.Builder()
              .sslSocketFactory(TrustedCertificates.sslContext(trust).getSocketFactory(), trust)
              .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .writeTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
              // Retries are ours, with backoff; OkHttp's silent one would double them.
              .retryOnConnectionFailure(false)
              .followRedirects(false)
              .build();
      return new ControlPlaneClient(
          url, token, http, pollMargin, maxAttempts, backoff, ledger, WireJson.mapper());
    }
  }
}
