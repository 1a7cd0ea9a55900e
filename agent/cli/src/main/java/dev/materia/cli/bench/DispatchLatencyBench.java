package dev.materia.cli.bench;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code dispatch_latency}: from just before {@code POST .../runs} is sent until the agent's held
 * long poll has returned the launch, over real HTTP and PostgreSQL NOTIFY. Baseline: a bare
 * loopback HTTP round trip ({@code GET /health}) to the same server.
 */
final class DispatchLatencyBench implements Benchmark {
  static final String LAUNCH = "{\"selection\":\"bench/source\",\"codeLocation\":\"bench\"}";

  @Override
  public String name() {
    return "dispatch_latency";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    ControlPlaneProcess controlPlane = env.controlPlane();
    BenchTenant.Prepared prepared = BenchTenant.prepared(controlPlane.http(), "Dispatch");
    BenchTenant tenant = prepared.tenant();
    Http agent = prepared.agent();
    int samples = env.size(500, 30);
    int warmup = env.size(100, 10);

    double[] loopback = new double[samples];
    Http bare = controlPlane.http();
    for (int i = -warmup; i < samples; i++) {
      long t0 = System.nanoTime();
      Http.expect(bare.get("health"), 200);
      if (i >= 0) {
        loopback[i] = Stats.millisSince(t0);
      }
    }

    double[] dispatch = new double[samples];
    for (int i = -warmup; i < samples; i++) {
      double millis = dispatchOnce(tenant, agent);
      if (i >= 0) {
        dispatch[i] = millis;
      }
    }
    double base50 = Stats.percentile(loopback, 0.5);
    double base99 = Stats.percentile(loopback, 0.99);
    String why =
        "after the launch commits the run and its work item, the LISTEN thread must receive the"
            + " NOTIFY, hand it to the poll-claim pool, and the held poll claims in a transaction"
            + " of its own (set_config, FOR UPDATE SKIP LOCKED, lease, commit) before answering:"
            + " each hop waits for a core that the launching request, PostgreSQL and the bench"
            + " client share; would fix: when the launching replica holds a poll for the"
            + " deployment, claim for it in the launch's own transaction and answer it on commit,"
            + " with NOTIFY only for other replicas.";
    return List.of(
        BenchResult.atMostWithBaseline(
            "dispatch_latency.p50", Stats.percentile(dispatch, 0.5), "ms", base50, 10, why),
        BenchResult.atMostWithBaseline(
            "dispatch_latency.p99", Stats.percentile(dispatch, 0.99), "ms", base99, 100, why));
  }

  /** One launch while the agent's poll is held; the time from POST to the poll's answer. */
  static double dispatchOnce(BenchTenant tenant, Http agent) throws Exception {
    CompletableFuture<HttpResponse<String>> poll = agent.getAsync("api/agent/v1/work?wait=25s");
    // No way to see from outside that the poll is held: give it ample time to arrive.
    Thread.sleep(15);
    long t0 = System.nanoTime();
    String runId = tenant.launch("prod", LAUNCH);
    HttpResponse<String> work = poll.get(30, TimeUnit.SECONDS);
    double millis = Stats.millisSince(t0);
    if (work.statusCode() != 200 || !work.body().contains(runId)) {
      throw new IllegalStateException(
          "the held poll answered "
              + work.statusCode()
              + " without run "
              + runId
              + ": "
              + work.body());
    }
    return millis;
  }
}
