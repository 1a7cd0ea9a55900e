package dev.materia.cli.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code agents_1k}: 1,000 agents, each with its own token, long-poll one control plane (in its own
 * process, so its resident memory is its own) while runs are launched one at a time: the dispatch
 * latency to whichever agent claims each run, and the control plane's RSS.
 */
final class Agents1kBench implements Benchmark {
  /** Any id in a poll's answer: the launch names its run. */
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Override
  public String name() {
    return "agents_1k";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    int agents = env.size(1_000, 20);
    int runs = env.size(200, 10);
    try (ControlPlaneProcess controlPlane = env.startControlPlane("agents-1k", Map.of())) {
      BenchTenant.Prepared prepared = BenchTenant.prepared(controlPlane.http(), "Agents");
      BenchTenant tenant = prepared.tenant();
      String first = prepared.agentToken();
      // Ten HTTP clients (each with its own selector thread) hold a hundred connections each.
      List<Http> connections = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        connections.add(controlPlane.http().ownConnections());
      }
      List<Http> clients = new ArrayList<>();
      for (int i = 0; i < agents; i++) {
        String token = i == 0 ? first : tenant.agentToken("prod");
        clients.add(connections.get(i % connections.size()).agent(token));
      }
      env.log("agents_1k: %d agent tokens made; starting their long polls", agents);
      AtomicBoolean stopped = new AtomicBoolean();
      Map<String, Long> received = new ConcurrentHashMap<>();
      AtomicInteger failures = new AtomicInteger();
      for (Http client : clients) {
        poll(client, stopped, received, failures);
      }
      try {
        // Every agent's poll arrives and is held; nothing outside shows it, so allow ample time.
        Thread.sleep(env.size(10_000, 2_000));
        double heldRss = controlPlane.rssMiB();
        env.log("agents_1k: %d polls held, control plane RSS %.0f MiB", agents, heldRss);
        double maxRss = heldRss;
        double[] dispatch = new double[runs];
        for (int i = -Math.min(10, runs); i < runs; i++) {
          long t0 = System.nanoTime();
          String runId = tenant.launch("prod", DispatchLatencyBench.LAUNCH);
          long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
          while (!received.containsKey(runId)) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("no agent received run " + runId + " within 30 s");
            }
            LockSupport.parkNanos(100_000);
          }
          if (i >= 0) {
            dispatch[i] = (received.get(runId) - t0) / 1e6;
          }
          maxRss = Math.max(maxRss, controlPlane.rssMiB());
          Thread.sleep(50); // the agent that took it polls again
        }
        if (failures.get() > 0) {
          env.log("agents_1k: %d polls failed and were retried", failures.get());
        }
        String note =
            agents
                + " agents; the value is the largest RSS seen while dispatching, "
                + BenchResult.number(heldRss)
                + " MiB with every poll held and nothing running; "
                + failures.get()
                + " failed polls";
        return List.of(
            BenchResult.atMost(
                "agents_1k.dispatch_p99",
                Stats.percentile(dispatch, 0.99),
                "ms",
                100,
                "a work NOTIFY wakes every poll held for the deployment (LongPolls.wake), and each"
                    + " runs its own claim transaction on a pool of 4 threads, so a launch waits"
                    + " behind up to 1,000 claims, all but one finding nothing; would fix: claim"
                    + " once per notification and hand the items to as many waiting polls (a FIFO"
                    + " of waiters per deployment), waking the rest only on a failed hand-over."),
            new BenchResult(
                "agents_1k.rss",
                maxRss,
                "MiB",
                null,
                null,
                "<= 512 MiB",
                maxRss <= 512,
                maxRss <= 512
                    ? note
                    : note
                        + ". Missed: the JVM runs with default heap sizing (a quarter of the"
                        + " machine's memory) and grows its heap with 1,000 connections; would fix:"
                        + " an explicit -Xmx for the control plane (try"
                        + " MATERIA_BENCH_CONTROL_PLANE_OPTS)."));
      } finally {
        stopped.set(true);
      }
    }
  }

  private static void poll(
      Http agent, AtomicBoolean stopped, Map<String, Long> received, AtomicInteger failures) {
    if (stopped.get()) {
      return;
    }
    agent
        .getAsync("api/agent/v1/work?wait=25s")
        .whenComplete(
            (HttpResponse<String> response, Throwable error) -> {
              long now = System.nanoTime();
              if (error == null && response.statusCode() == 200) {
                Matcher ids = UUID.matcher(response.body());
                while (ids.find()) {
                  received.putIfAbsent(ids.group(), now);
                }
                poll(agent, stopped, received, failures);
              } else if (!stopped.get()) {
                // Retry later without parking this callback's thread: it may be the shared HTTP
                // client's selector, and parking it stalls every other response (the next bench's).
                failures.incrementAndGet();
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
                    .execute(() -> poll(agent, stopped, received, failures));
              }
            });
  }
}
