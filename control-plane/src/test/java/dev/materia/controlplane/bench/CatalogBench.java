package dev.materia.controlplane.bench;

import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.assets.Snapshots;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import io.micronaut.json.JsonMapper;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Snapshot ingest and catalog reads at 10,000 assets / 30,000 edges, against the test fixture's
 * real PostgreSQL and a real control plane over HTTP (DESIGN.md targets: ingest ≤ 1 s, catalog API
 * p95 ≤ 100 ms). No assertion: it prints the numbers.
 *
 * <ul>
 *   <li>ingest: {@code PUT /api/agent/v1/code-locations/{name}/snapshot} end to end (JSON parse,
 *       hash check, delete of the previous index, one INSERT … unnest per table, commit); the first
 *       upload fills an empty index, the next ones alternate two different snapshots so every
 *       upload replaces 10,000 assets and ~30,000 edges;
 *   <li>catalog: {@code GET .../assets} pages (first page, later pages by cursor, search, group,
 *       tag and owner filters), each asset joined with its latest materialization, partition
 *       counts, check results and staleness; plus asset detail and the full asset graph.
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -pl control-plane -Dspotless.check.skip=true test-compile
 * ./mvnw -B -q -pl control-plane dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java \
 *   -cp control-plane/target/test-classes:control-plane/target/classes:$(cat /tmp/cp.txt) \
 *   dev.materia.controlplane.bench.CatalogBench [assets] [edges] [catalogRequests]
 * </pre>
 */
public final class CatalogBench {
  private CatalogBench() {}

  public static void main(String[] args) throws Exception {
    int assets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int edges = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    RunningControlPlane controlPlane = new RunningControlPlane();
    ExtensionContext context = context(CatalogBench.class);
    controlPlane.beforeAll(context);
    try {
      run(controlPlane, assets, edges, requests);
    } finally {
      controlPlane.afterAll(context);
    }
  }

  private static void run(RunningControlPlane controlPlane, int assets, int edges, int requests)
      throws Exception {
    JsonMapper json = controlPlane.context().getBean(JsonMapper.class);
    Tenants tenants = new Tenants(controlPlane);
    SignedInUser owner = tenants.signUp("Bench");
    String base = "/api/v1/orgs/" + owner.org() + "/deployments/prod";
    HttpResponse<String> registered =
        owner
            .session()
            .post(
                base + "/code-locations",
                "{\"name\":\"big\",\"artifact\":\"/opt/big.jar\",\"version\":\"v1\"}");
    require(registered, 201);
    ApiClient agent =
        controlPlane
            .client()
            .bearer(tenants.agentToken(owner, "prod"))
            .header("Materia-Protocol", "1");
    String path = "/api/agent/v1/code-locations/big/snapshot?deployment=prod";

    CodeLocationSnapshot a = Snapshots.synthetic("big", assets, edges, 1);
    CodeLocationSnapshot b = Snapshots.synthetic("big", assets, edges, 2);
    String bodyA = Snapshots.json(json, a);
    String bodyB = Snapshots.json(json, b);
    System.out.printf(
        "snapshot: %,d assets, %,d edges, %,d checks, %.1f MB of JSON%n",
        a.assets().size(), a.edgeCount(), a.checks().size(), bodyA.length() / 1e6);

    // Warm-up in another deployment (an asset key belongs to one location per deployment), so
    // the JIT and the server's statement caches are warm when the measured uploads start.
    require(
        owner.session().post("/api/v1/orgs/" + owner.org() + "/deployments", "{\"name\":\"warm\"}"),
        201);
    require(
        owner
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/deployments/warm/code-locations",
                "{\"name\":\"big\",\"artifact\":\"/opt/big.jar\",\"version\":\"v1\"}"),
        201);
    ApiClient warmAgent =
        controlPlane
            .client()
            .bearer(tenants.agentToken(owner, "warm"))
            .header("Materia-Protocol", "1");
    for (int i = 0; i < 6; i++) {
      require(
          warmAgent.send(
              "PUT",
              "/api/agent/v1/code-locations/big/snapshot?deployment=warm",
              i % 2 == 0 ? bodyA : bodyB),
          200);
    }

    long start = System.nanoTime();
    require(agent.send("PUT", path, bodyA), 200);
    long first = System.nanoTime() - start;
    int rounds = 10;
    long[] replace = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      String body = i % 2 == 0 ? bodyB : bodyA;
      start = System.nanoTime();
      HttpResponse<String> response = agent.send("PUT", path, body);
      replace[i] = System.nanoTime() - start;
      require(response, 200);
    }
    long[] same = new long[5];
    for (int i = 0; i < same.length; i++) {
      start = System.nanoTime();
      require(agent.send("PUT", path, bodyA), 200);
      same[i] = System.nanoTime() - start;
    }
    System.out.printf("ingest into an empty index: %.0f ms%n", first / 1e6);
    System.out.println("ingest replacing the index: " + stats(replace));
    System.out.println("identical snapshot (no-op): " + stats(same));

    materializeEverything(controlPlane);

    List<String> queries = new ArrayList<>();
    queries.add(base + "/assets");
    queries.add(base + "/assets?q=asset_42");
    queries.add(base + "/assets?group=g7");
    queries.add(base + "/assets?tag=tier=gold&limit=50");
    queries.add(base + "/assets?owner=team3&kind=spark");
    String cursor = null;
    for (int page = 0; page < 20; page++) {
      HttpResponse<String> response =
          owner.session().get(base + "/assets" + (cursor == null ? "" : "?cursor=" + cursor));
      require(response, 200);
      cursor =
          json.readValue(response.body(), io.micronaut.json.tree.JsonNode.class)
              .get("nextCursor")
              .getStringValue();
      queries.add(base + "/assets?cursor=" + cursor);
    }
    for (int i = 0; i < 50; i++) { // warm-up
      require(owner.session().get(queries.get(i % queries.size())), 200);
    }
    long[] catalog = new long[requests];
    for (int i = 0; i < requests; i++) {
      start = System.nanoTime();
      HttpResponse<String> response = owner.session().get(queries.get(i % queries.size()));
      catalog[i] = System.nanoTime() - start;
      require(response, 200);
    }
    long[] byStatus = new long[60];
    for (int i = 0; i < byStatus.length; i++) {
      String status = new String[] {"up_to_date", "stale", "missing"}[i % 3];
      start = System.nanoTime();
      HttpResponse<String> response = owner.session().get(base + "/assets?status=" + status);
      byStatus[i] = System.nanoTime() - start;
      require(response, 200);
    }
    long[] detail = new long[100];
    for (int i = 0; i < detail.length; i++) {
      String key = a.assets().get((i * 97) % assets).key();
      start = System.nanoTime();
      HttpResponse<String> response = owner.session().get(base + "/assets/" + key);
      detail[i] = System.nanoTime() - start;
      require(response, 200);
    }
    long[] graph = new long[20];
    int graphBytes = 0;
    for (int i = 0; i < graph.length; i++) {
      start = System.nanoTime();
      HttpResponse<String> response = owner.session().get(base + "/asset-graph");
      graph[i] = System.nanoTime() - start;
      require(response, 200);
      graphBytes = response.body().length();
    }
    System.out.println("catalog page (GET .../assets, 100 per page): " + stats(catalog));
    System.out.println("catalog page filtered by staleness (?status=): " + stats(byStatus));
    System.out.println("asset detail (GET .../assets/{key}): " + stats(detail));
    System.out.printf(
        "asset graph (GET .../asset-graph, %.1f MB): %s%n", graphBytes / 1e6, stats(graph));
  }

  /** Every asset materialized once, 30 partitions of each partitioned asset, every check run. */
  private static void materializeEverything(RunningControlPlane controlPlane) throws Exception {
    try (Connection db = controlPlane.database().connect();
        Statement statement = db.createStatement()) {
      statement.execute(
          "insert into asset_materializations_latest (org_id, deployment_id, asset_key,"
              + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
              + " metadata) select org_id, deployment_id, key, '', gen_random_uuid(), 1, now() -"
              + " random() * interval '1 day', 'dv', 'v1', '{\"row_count\": 10}' from assets"
              + " where partitions is null");
      statement.execute(
          "insert into asset_materializations_latest (org_id, deployment_id, asset_key,"
              + " partition_key, run_id, seq, materialized_at, data_version, code_version)"
              + " select org_id, deployment_id, key, '2024-01-' || lpad(d::text, 2, '0'),"
              + " gen_random_uuid(), d, now() - random() * interval '1 day', 'dv', 'v1' from"
              + " assets, generate_series(1, 30) d where partitions is not null");
      statement.execute(
          "insert into asset_partitions (org_id, deployment_id, asset_key, partition_key,"
              + " status, run_id, updated_at) select org_id, deployment_id, asset_key,"
              + " partition_key, 'materialized', run_id, materialized_at from"
              + " asset_materializations_latest where partition_key <> ''");
      statement.execute(
          "insert into asset_materializations (org_id, deployment_id, asset_key, partition_key,"
              + " run_id, seq, materialized_at, data_version, code_version) select org_id,"
              + " deployment_id, asset_key, nullif(partition_key, ''), run_id, seq,"
              + " materialized_at, data_version, code_version from"
              + " asset_materializations_latest");
      statement.execute(
          "insert into asset_check_results (org_id, deployment_id, asset_key, check_name,"
              + " passed, severity, blocking, run_id, seq, evaluated_at) select org_id,"
              + " deployment_id, asset_key, name, random() > 0.1, 'ERROR', blocking,"
              + " gen_random_uuid(), 1, now() from asset_checks");
      statement.execute("analyze");
    }
  }

  private static void require(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          "expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
  }

  private static String stats(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)"
        .formatted(
            at(sorted, 0.50) / 1e6,
            at(sorted, 0.95) / 1e6,
            at(sorted, 0.99) / 1e6,
            sorted[sorted.length - 1] / 1e6,
            sorted.length);
  }

  private static long at(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** The one thing the fixture asks of a JUnit context: which class it serves. */
  private static ExtensionContext context(Class<?> bench) {
    return (ExtensionContext)
        Proxy.newProxyInstance(
            bench.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRequiredTestClass" -> bench;
                  case "toString" -> bench.getSimpleName();
                  default -> null;
                });
  }
}
