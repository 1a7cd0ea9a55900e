package dev.materia.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.TerminateRun;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneClientTest {
  private static final String AGENT_TOKEN = "mta_agentTokenForTests0123456789";
  private static final String WORK =
      """
      {"items":[{"type":"terminate_run","id":"w-1","runId":"r-1","reason":"by ada"}],
       "pollIntervalMillis":0,"heartbeatIntervalMillis":10000}""";
  private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2);

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ControlPlaneClient.Builder client() {
    return ControlPlaneClient.builder(server.url("/").uri(), AGENT_TOKEN).backoff(FAST);
  }

  private static MockResponse status(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static AgentHeartbeat heartbeat() {
    return new AgentHeartbeat("agent-1", "0.1.0", List.of(), List.of(), false, List.of());
  }

  @Test
  void longPollCarriesBearerTokenProtocolHeaderAndWait() throws Exception {
    server.enqueue(status(200, WORK));

    var work = client().build().pollWork(Duration.ofSeconds(25));

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo("/api/agent/v1/work?wait=25s");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + AGENT_TOKEN);
    assertThat(request.getHeaders().get("Materia-Protocol")).isEqualTo("1");
    assertThat(work.items()).containsExactly(new TerminateRun("w-1", "r-1", "by ada"));
    assertThat(work.heartbeatIntervalMillis()).isEqualTo(10_000);
  }

  @Test
  void retriesServiceUnavailableAndTooManyRequestsThenSucceeds() throws Exception {
    server.enqueue(status(503, ""));
    server.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", "0").body("").build());
    server.enqueue(status(200, WORK));

    var work = client().build().pollWork(Duration.ofSeconds(1));

    assertThat(work.items()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void retriesDroppedConnection() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .onRequestStart(new SocketEffect.CloseSocket(true, false, false))
            .build());
    server.enqueue(status(200, WORK));

    var work = client().build().pollWork(Duration.ofSeconds(1));

    assertThat(work.items()).hasSize(1);
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastStatus() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(500, "{\"error\":{\"code\":\"internal\",\"message\":\"db down\"}}"));
    }

    assertThatThrownBy(() -> client().maxAttempts(3).build().heartbeat(heartbeat()))
        .isInstanceOfSatisfying(
            ControlPlaneException.class, e -> assertThat(e.status()).isEqualTo(500))
        .hasMessageContaining("POST /api/agent/v1/heartbeat answered 500 internal: db down");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void doesNotRetryBadRequestAndNamesTheField() throws Exception {
    server.enqueue(
        status(
            400,
            "{\"error\":{\"code\":\"invalid\",\"message\":\"agentId is blank\",\"field\":\"agentId\"}}"));

    assertThatThrownBy(() -> client().build().heartbeat(heartbeat()))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid");
              assertThat(e.field()).isEqualTo("agentId");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void reportsRejectedTokenWithoutRetrying() throws Exception {
    server.enqueue(status(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"revoked\"}}"));

    assertThatThrownBy(() -> client().build().pollWork(Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ControlPlaneException.class, e -> assertThat(e.tokenRejected()).isTrue());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void reportsMalformedSuccessBody() throws Exception {
    server.enqueue(status(200, "{\"items\":[{\"type\":\"no_such_work\"}]}"));

    assertThatThrownBy(() -> client().build().pollWork(Duration.ofSeconds(1)))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("not a valid WorkResponse");
  }

  @Test
  void uploadsSnapshotWithPutUnderItsNameAndDeployment() throws Exception {
    server.enqueue(status(200, "{\"contentHash\":\"sha256:ab\",\"changed\":true}"));
    var snapshot =
        CodeLocationSnapshot.of(
            "sales",
            "v1",
            List.of(new AssetSnapshot("a", null, null, null, null, null, null, null, null, null)),
            null,
            null);

    var ack = client().build().uploadSnapshot("prod", snapshot);

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("PUT");
    assertThat(request.getTarget())
        .isEqualTo("/api/agent/v1/code-locations/sales/snapshot?deployment=prod");
    assertThat(request.getBody().utf8()).contains(snapshot.contentHash());
    assertThat(ack.changed()).isTrue();
  }

  @Test
  void sendsEventsWithTheRunToken() throws Exception {
    server.enqueue(status(200, "{\"runId\":\"r-1\",\"contiguousSeq\":2,\"gaps\":[]}"));

    var ack =
        client()
            .build()
            .events("mtr_runTokenForTests0123456789")
            .send("r-1", "{\"runId\":\"r-1\",\"events\":[]}".getBytes());

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getTarget()).isEqualTo("/api/agent/v1/runs/r-1/events");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo("Bearer mtr_runTokenForTests0123456789");
    assertThat(ack.contiguousSeq()).isEqualTo(2);
  }

  @Test
  void egressLedgerRecordsEveryBodySentAndNoToken() throws Exception {
    server.enqueue(status(502, ""));
    server.enqueue(status(200, ""));
    Path ledgerFile = dir.resolve("egress.jsonl");

    client()
        .egressLedger(new EgressLedger(ledgerFile, Clock.systemUTC()))
        .build()
        .heartbeat(heartbeat());

    List<String> lines = Files.readAllLines(ledgerFile);
    assertThat(lines).hasSize(2);
    assertThat(lines.getFirst())
        .contains("\"method\":\"POST\"", "\"path\":\"/api/agent/v1/heartbeat\"")
        .contains("\"body\":{\"agentId\":\"agent-1\"")
        .doesNotContain(AGENT_TOKEN);
    assertThat(WireJson.mapper().readTree(lines.get(1)).get("body").get("version").asText())
        .isEqualTo("0.1.0");
  }

  @Test
  void trustsServerCertificateSignedByExtraCa() throws Exception {
    Path caFile = serveHttpsWithTestCa();
    server.enqueue(status(200, WORK));

    var work = client().extraCaFile(caFile).build().pollWork(Duration.ofSeconds(1));

    assertThat(work.items()).hasSize(1);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHandshake()).isNotNull();
  }

  @Test
  void rejectsUntrustedServerCertificateWithoutRetrying() throws Exception {
    serveHttpsWithTestCa();
    Path ledgerFile = dir.resolve("egress.jsonl");

    assertThatThrownBy(
            () ->
                client()
                    .egressLedger(new EgressLedger(ledgerFile, Clock.systemUTC()))
                    .build()
                    .heartbeat(heartbeat()))
        .isInstanceOf(SSLHandshakeException.class);
    // One attempt only: a retry would have written a second ledger line.
    assertThat(Files.readAllLines(ledgerFile)).hasSize(1);
  }

  @Test
  void rejectsCaFileWithoutCertificates() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

    assertThatThrownBy(() -> client().extraCaFile(notPem).build())
        .hasMessageContaining("CA file " + notPem);
  }

  @Test
  void rejectsTokenWithWhitespace() {
    assertThatThrownBy(() -> ControlPlaneClient.builder(URI.create("https://x"), "mta_a b"))
        .hasMessageContaining("whitespace");
  }

  /** Serves HTTPS with a certificate from a fresh CA, and writes that CA to a PEM file. */
  private Path serveHttpsWithTestCa() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("Materia Test CA").build();
    HeldCertificate serverCert =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName(server.getHostName())
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca)
            .build();
    HandshakeCertificates serverTls =
        new HandshakeCertificates.Builder().heldCertificate(serverCert).build();
    server.useHttps(serverTls.sslSocketFactory());
    return Files.writeString(dir.resolve("test-ca.pem"), ca.certificatePem());
  }
}
