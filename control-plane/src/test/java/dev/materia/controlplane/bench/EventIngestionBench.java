package dev.materia.controlplane.bench;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;

/**
 * Event ingestion throughput through the real endpoint ({@code POST
 * /api/agent/v1/runs/{runId}/events}, batches of {@code batch} events, {@code clients} concurrent
 * senders each on its own run) against raw {@code COPY} of the same rows into {@code run_events} of
 * the same database in the same process, with the same parallelism. No assertion: it prints
 * events/s and the ratio.
 *
 * <pre>
 * java -cp control-plane/target/test-classes:control-plane/target/classes:$(cat /tmp/cp.txt) \
 *   dev.materia.controlplane.bench.EventIngestionBench [eventsPerClient] [batch] [clients]
 * </pre>
 */
public final class EventIngestionBench {
  private EventIngestionBench() {}

  public static void main(String[] args) throws Exception {
    int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    try (BenchControlPlane bench =
        new BenchControlPlane(
            EventIngestionBench.class,
            Map.of("datasources.default.maximum-pool-size", Math.max(10, clients * 2)))) {
      RunningControlPlane controlPlane = bench.controlPlane;
      Tenants tenants = new Tenants(controlPlane);
      SignedInUser owner = tenants.signUp("Bench");
      String agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
      ApiClient agent = RunFixtures.agent(controlPlane, agentToken);
      ExecutorService pool = Executors.newFixedThreadPool(clients);

      CpuMeter cpu;
      try (Connection c = controlPlane.database().connect()) {
        cpu = CpuMeter.of(c);
      }
      // Warm-up: rounds as big as the measured one until the JIT is done with the server's path
      // (a server runs for hours; on two shared cores the compilers take seconds to catch up).
      for (int round = 1; ; round++) {
        Phase warm = http(cpu, pool, agent, owner, clients, perClient, batch);
        if (warm.jitShare() < 0.05 || round == 8) {
          System.out.printf(
              "warm-up: %d rounds, JIT at %.0f %% of the JVM's CPU in the last%n",
              round, 100 * warm.jitShare());
          break;
        }
      }
      Phase httpPhase = http(cpu, pool, agent, owner, clients, perClient, batch);
      double httpSeconds = httpPhase.nanos() / 1e9;
      long events = (long) clients * perClient;

      String runCreatedAt = Instant.now().toString();
      UUID orgId;
      try (Connection c = controlPlane.database().connect();
          ResultSet rs =
              c.createStatement()
                  .executeQuery("select org_id from runs order by created_at desc limit 1")) {
        rs.next();
        orgId = rs.getObject(1, UUID.class);
      }
      copy(
          cpu,
          pool,
          controlPlane,
          orgId,
          runCreatedAt,
          clients,
          Math.min(20_000, perClient),
          batch);
      Phase copyPhase =
          copy(cpu, pool, controlPlane, orgId, runCreatedAt, clients, perClient, batch);
      double copySeconds = copyPhase.nanos() / 1e9;
      pool.shutdown();

      double httpRate = events / httpSeconds;
      double copyRate = events / copySeconds;
      System.out.printf(
          "HTTP endpoint: %,d events in %.2f s = %,.0f events/s (%d clients, batches of %d)%n",
          events, httpSeconds, httpRate, clients, batch);
      System.out.printf(
          "raw COPY:      %,d rows   in %.2f s = %,.0f rows/s (%d streams, %d rows per COPY)%n",
          events, copySeconds, copyRate, clients, batch);
      System.out.printf("HTTP / COPY = %.0f %%%n", 100 * httpRate / copyRate);
      System.out.println("HTTP phase: " + httpPhase.cpu());
      System.out.println("COPY phase: " + copyPhase.cpu());
    }
  }

  /** A timed phase: its wall time, where its CPU time went, and the JIT's share of the JVM's. */
  private record Phase(long nanos, String cpu, double jitShare) {}

  private static Phase http(
      CpuMeter cpu,
      ExecutorService pool,
      ApiClient agent,
      SignedInUser owner,
      int clients,
      int perClient,
      int batch)
      throws Exception {
    List<String> runIds = new ArrayList<>();
    List<List<String>> bodies = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String runId = RunFixtures.launch(owner, "prod", "sales/raw_orders");
      planAssetsOf(agent.controlPlane(), runId, perClient);
      runIds.add(runId);
      List<String> mine = new ArrayList<>();
      for (int seq = 1; seq <= perClient; seq += batch) {
        mine.add(body(runId, seq, Math.min(batch, perClient - seq + 1)));
      }
      bodies.add(mine);
    }
    CpuMeter.Sample start = cpu.sample();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String runId = runIds.get(c);
      List<String> mine = bodies.get(c);
      done.add(
          pool.submit(
              () -> {
                for (String body : mine) {
                  HttpResponse<String> ack = agent.post(AgentProtocol.eventsPath(runId), body);
                  if (ack.statusCode() != 200) {
                    throw new IllegalStateException(ack.body());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    CpuMeter.Sample end = cpu.sample();
    return new Phase(end.nanos() - start.nanos(), end.since(start), end.jitShare(start));
  }

  private static String assetPrefix(String runId) {
    return "sales/orders_" + runId.substring(0, 8) + "_";
  }

  /** Puts the assets {@link #body} materializes into the run's plan, which events may not leave. */
  private static void planAssetsOf(RunningControlPlane controlPlane, String runId, int events)
      throws SQLException {
    String[] keys = new String[events / 10 + 1];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = assetPrefix(runId) + i;
    }
    try (Connection c = controlPlane.database().connect();
        var statement = c.prepareStatement("update runs set asset_keys = ? where id = ?")) {
      statement.setArray(1, c.createArrayOf("text", keys));
      statement.setObject(2, UUID.fromString(runId));
      statement.executeUpdate();
    }
  }

  /** A batch like a real run's: mostly log lines, a step and a materialization per 10 events. */
  static String body(String runId, long first, int count) {
    StringBuilder json = new StringBuilder(count * 200).append("{\"runId\":\"").append(runId);
    json.append("\",\"events\":[");
    String asset = assetPrefix(runId);
    for (int i = 0; i < count; i++) {
      long seq = first + i;
      if (i > 0) {
        json.append(',');
      }
      String event =
          switch ((int) (seq % 10)) {
            // each run materializes its own assets, as concurrent runs usually do
            case 1 -> RunFixtures.stepStarted(seq, asset + (seq / 10), null);
            case 2 -> RunFixtures.materialized(seq, asset + (seq / 10), null, "v" + seq);
            default -> RunFixtures.log(seq, "processed batch " + seq + " of the input files");
          };
      // as the agent writes an event: the type first, then the run
      int afterType = event.indexOf(',') + 1;
      json.append(event, 0, afterType).append("\"runId\":\"").append(runId).append("\",");
      json.append(event, afterType, event.length());
    }
    return json.append("]}").toString();
  }

  private static Phase copy(
      CpuMeter cpu,
      ExecutorService pool,
      RunningControlPlane controlPlane,
      UUID orgId,
      String runCreatedAt,
      int streams,
      int perStream,
      int batch)
      throws Exception {
    JsonMapper mapper = JsonMapper.createDefault();
    List<List<String>> payloads = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      String runId = UUID.randomUUID().toString();
      List<String> mine = new ArrayList<>();
      for (int seq = 1; seq <= perStream; seq += batch) {
        JsonNode events =
            mapper
                .readValue(body(runId, seq, Math.min(batch, perStream - seq + 1)), JsonNode.class)
                .get("events");
        StringBuilder rows = new StringBuilder();
        for (JsonNode event : events.values()) {
          JsonNode step = event.get("stepKey");
          rows.append(orgId)
              .append('\t')
              .append(runId)
              .append('\t')
              .append(runCreatedAt)
              .append('\t')
              .append(event.get("seq").getLongValue())
              .append('\t')
              .append(event.get("type").getStringValue())
              .append('\t')
              .append(event.get("timestamp").getStringValue())
              .append('\t')
              .append(step == null || step.isNull() ? "\\N" : step.getStringValue())
              .append('\t')
              .append(mapper.writeValueAsString(event).replace("\\", "\\\\"))
              .append('\n');
        }
        mine.add(rows.toString());
      }
      payloads.add(mine);
    }
    CpuMeter.Sample start = cpu.sample();
    List<Future<?>> done = new ArrayList<>();
    for (List<String> mine : payloads) {
      done.add(
          pool.submit(
              () -> {
                try (Connection c = controlPlane.database().connect()) {
                  var copy = c.unwrap(PGConnection.class).getCopyAPI();
                  for (String rows : mine) {
                    copy.copyIn(
                        "copy run_events (org_id, run_id, run_created_at, seq, type, at, step_key,"
                            + " body) from stdin",
                        new StringReader(rows));
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    CpuMeter.Sample end = cpu.sample();
    return new Phase(end.nanos() - start.nanos(), end.since(start), end.jitShare(start));
  }
}
