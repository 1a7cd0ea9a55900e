package dev.materia.cli.bench;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code dispatch_latency}: from the run's creation (its {@code createdAt}, stamped by the control
 * plane when it stores the run and queues its launch) until the agent's held long poll has returned
 * the launch, over real HTTP and PostgreSQL NOTIFY; both clocks are this machine's wall clock.
 * Baseline: a bare loopback HTTP round trip ({@code GET /health}) to the same server. A row without
 * a target gives the whole time from sending {@code POST .../runs}, which adds the launch request's
 * own work (selection check, audit, response).
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
    double[] fromPost = new double[samples];
    for (int i = -warmup; i < samples; i++) {
      Dispatch once = dispatchOnce(tenant, agent);
      if (i >= 0) {
        dispatch[i] = once.fromCreatedMillis();
        fromPost[i] = once.fromPostMillis();
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
            "dispatch_latency.p99", Stats.percentile(dispatch, 0.99), "ms", base99, 100, why),
        BenchResult.info(
            "dispatch_latency.post_to_held_p50",
            Stats.percentile(fromPost, 0.5),
            "ms",
            null,
            "no target; from sending POST .../runs, so the launch request's own work included"),
        BenchResult.info(
            "dispatch_latency.post_to_held_p99",
            Stats.percentile(fromPost, 0.99),
            "ms",
            null,
            "no target; as above"));
  }

  /** One dispatch: from the run's creation, and from sending the POST, to the poll's answer. */
  record Dispatch(double fromCreatedMillis, double fromPostMillis) {}

  /** One launch while the agent's poll is held. */
  static Dispatch dispatchOnce(BenchTenant tenant, Http agent) throws Exception {
    CompletableFuture<HttpResponse<String>> poll = agent.getAsync("api/agent/v1/work?wait=25s");
    // No way to see from outside that the poll is held: give it ample time to arrive.
    Thread.sleep(15);
    long t0 = System.nanoTime();
    BenchTenant.Launched run = tenant.launched("prod", LAUNCH);
    String runId = run.id();
    HttpResponse<String> work = poll.get(30, TimeUnit.SECONDS);
    java.time.Instant held = java.time.Instant.now();
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
    return new Dispatch(java.time.Duration.between(run.createdAt(), held).toNanos() / 1e6, millis);
  }
}
