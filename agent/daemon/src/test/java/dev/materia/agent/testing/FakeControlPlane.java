package dev.materia.agent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.materia.agent.client.WireJson;
import dev.materia.api.RunEvent;
import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.EventBatch;
import dev.materia.api.agent.EventBatchAck;
import dev.materia.api.agent.SeqRange;
import dev.materia.api.agent.SnapshotAck;
import dev.materia.api.agent.WorkItem;
import dev.materia.api.agent.WorkResponse;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * A stand-in control plane that speaks agent protocol v1 over real HTTP(S), for tests until the
 * real endpoints exist: long poll from a queue, heartbeats and snapshots recorded, and event
 * ingestion idempotent on (run, seq) with contiguous-seq acknowledgements, as DESIGN.md specifies.
 */
public final class FakeControlPlane implements AutoCloseable {
  private final ObjectMapper json = WireJson.mapper();
  private final HttpServer server;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final LinkedBlockingQueue<WorkItem> work = new LinkedBlockingQueue<>();
  private final List<AgentHeartbeat> heartbeats = new CopyOnWriteArrayList<>();
  private final Map<String, CodeLocationSnapshot> snapshots = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<Long, RunEvent>> events = new ConcurrentHashMap<>();
  private final List<String> conflicts = new CopyOnWriteArrayList<>();
  private final List<String> eventTokens = new CopyOnWriteArrayList<>();
  private final AtomicInteger eventFailures = new AtomicInteger();
  private final AtomicInteger batches = new AtomicInteger();
  private volatile int failEventsWith = 503;
  private volatile boolean eventsDown;
  private volatile long eventsDownAfter;
  private volatile boolean pollsMalformed;
  private volatile long heartbeatIntervalMillis = 50;

  private FakeControlPlane(HttpServer server, String agentToken) {
    this.server = server;
    tokens.add(agentToken);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** A plain-HTTP fake on a random loopback port. */
  public static FakeControlPlane http(String agentToken) throws IOException {
    return new FakeControlPlane(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
        agentToken);
  }

  /** An HTTPS fake serving with {@code tls}. */
  public static FakeControlPlane https(String agentToken, SSLContext tls) throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new FakeControlPlane(server, agentToken);
  }

  /** The base URL agents use. */
  public URI url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://localhost:" + server.getAddress().getPort() + "/");
  }

  /** Accepts {@code token} too (a run token handed out with a launch). */
  public void acceptToken(String token) {
    tokens.add(token);
  }

  /** Stops accepting {@code token}, as a revocation does. */
  public void revokeToken(String token) {
    tokens.remove(token);
  }

  /** Queues work for the next poll. */
  public void enqueue(WorkItem item) {
    work.add(item);
  }

  /** Work queued and not yet claimed by a poll. */
  public int pendingWork() {
    return work.size();
  }

  /** Makes event ingestion answer {@code status} without storing, until {@link #eventsUp()}. */
  public void eventsDown(int status) {
    failEventsWith = status;
    eventsDown = true;
  }

  /** Makes ingestion go down with 503 once any run has {@code stored} events stored. */
  public void eventsDownAfter(long stored) {
    failEventsWith = 503;
    eventsDownAfter = stored;
  }

  /** Ends {@link #eventsDown(int)}. */
  public void eventsUp() {
    eventsDownAfter = 0;
    eventsDown = false;
  }

  /** Makes polls answer 200 with a body that is not a WorkResponse. */
  public void pollsMalformed(boolean malformed) {
    pollsMalformed = malformed;
  }

  public void heartbeatIntervalMillis(long millis) {
    heartbeatIntervalMillis = millis;
  }

  /** Every heartbeat received, oldest first. */
  public List<AgentHeartbeat> heartbeats() {
    return List.copyOf(heartbeats);
  }

  /** The last snapshot uploaded for {@code deployment/name}, or null. */
  public CodeLocationSnapshot snapshot(String deployment, String name) {
    return snapshots.get(deployment + "/" + name);
  }

  /** A run's stored events in seq order. */
  public List<RunEvent> events(String runId) {
    NavigableMap<Long, RunEvent> stored = events.get(runId);
    return stored == null ? List.of() : List.copyOf(stored.values());
  }

  /** Seqs received twice with different content: must stay empty. */
  public List<String> conflicts() {
    return List.copyOf(conflicts);
  }

  /** Bearer tokens that event batches were sent with, one per batch. */
  public List<String> eventTokens() {
    return List.copyOf(eventTokens);
  }

  /** Event batches answered with an error while down. */
  public int eventFailures() {
    return eventFailures.get();
  }

  /** Event batches stored. */
  public int batches() {
    return batches.get();
  }

  /** Polls {@code condition} until true, failing after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        // Polling interval of a bounded wait, not synchronization by sleeping.
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
      if (!AgentProtocol.VERSION.equals(
          exchange.getRequestHeaders().getFirst(AgentProtocol.HEADER))) {
        error(exchange, 400, "unsupported_protocol", "send Materia-Protocol: 1");
        return;
      }
      if (token == null || !tokens.contains(token)) {
        error(exchange, 401, "unauthorized", "token unknown or revoked");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (method.equals("GET") && path.equals(AgentProtocol.WORK_PATH)) {
        poll(exchange);
      } else if (method.equals("POST") && path.equals(AgentProtocol.HEARTBEAT_PATH)) {
        heartbeats.add(json.readValue(body, AgentHeartbeat.class));
        exchange.sendResponseHeaders(204, -1);
      } else if (method.equals("PUT") && path.endsWith("/snapshot")) {
        String deployment = exchange.getRequestURI().getQuery().replace("deployment=", "");
        CodeLocationSnapshot snapshot = json.readValue(body, CodeLocationSnapshot.class);
        CodeLocationSnapshot previous = snapshots.put(deployment + "/" + snapshot.name(), snapshot);
        boolean changed =
            previous == null || !previous.contentHash().equals(snapshot.contentHash());
        respond(exchange, 200, new SnapshotAck(snapshot.contentHash(), changed));
      } else if (method.equals("POST") && path.endsWith("/events")) {
        ingest(exchange, token, path, body);
      } else {
        error(exchange, 404, "not_found", method + " " + path);
      }
    } catch (RuntimeException e) {
      error(exchange, 400, "invalid", String.valueOf(e.getMessage()));
    }
  }

  private void poll(HttpExchange exchange) throws IOException {
    if (pollsMalformed) {
      byte[] bad = "{\"items\":[{\"type\":\"reboot_universe\"}]}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bad.length);
      exchange.getResponseBody().write(bad);
      return;
    }
    String query = exchange.getRequestURI().getQuery();
    long waitSeconds =
        query == null ? 0 : Long.parseLong(query.replace("wait=", "").replace("s", ""));
    List<WorkItem> items = new ArrayList<>();
    try {
      WorkItem first = work.poll(Math.min(waitSeconds * 1000, 500), TimeUnit.MILLISECONDS);
      if (first != null) {
        items.add(first);
        work.drainTo(items);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    respond(exchange, 200, new WorkResponse(items, 0, heartbeatIntervalMillis));
  }

  private void ingest(HttpExchange exchange, String token, String path, byte[] body)
      throws IOException {
    String runId = path.split("/")[5];
    if (eventsDown) {
      eventFailures.incrementAndGet();
      error(exchange, failEventsWith, "unavailable", "ingestion is down");
      return;
    }
    EventBatch batch = json.readValue(body, EventBatch.class);
    if (!batch.runId().equals(runId)) {
      error(exchange, 400, "invalid", "runId " + batch.runId() + " is not " + runId);
      return;
    }
    eventTokens.add(token);
    batches.incrementAndGet();
    NavigableMap<Long, RunEvent> stored =
        events.computeIfAbsent(runId, k -> new ConcurrentSkipListMap<>());
    for (RunEvent event : batch.events()) {
      RunEvent previous = stored.putIfAbsent(event.seq(), event);
      if (previous != null && !previous.equals(event)) {
        conflicts.add(runId + "#" + event.seq());
      }
    }
    if (eventsDownAfter > 0 && stored.size() >= eventsDownAfter) {
      eventsDown = true;
    }
    long contiguous = 0;
    while (stored.containsKey(contiguous + 1)) {
      contiguous++;
    }
    List<SeqRange> gaps = new ArrayList<>();
    long previous = contiguous;
    for (long seq : stored.tailMap(contiguous, false).keySet()) {
      if (seq > previous + 1) {
        gaps.add(new SeqRange(previous + 1, seq - 1));
      }
      previous = seq;
    }
    respond(exchange, 200, new EventBatchAck(runId, contiguous, gaps));
  }

  private void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    respond(exchange, status, Map.of("error", Map.of("code", code, "message", message)));
  }
}
