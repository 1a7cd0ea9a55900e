package dev.materia.controlplane.bench;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.ApiClient;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Dispatch latency: from just before {@code POST .../runs} is sent to the agent's held long poll
 * returning the launch, through real HTTP and PostgreSQL NOTIFY. Baseline: a bare loopback HTTP
 * round trip ({@code GET /health}) on the same server. No assertion: it prints numbers.
 *
 * <pre>
 * ./mvnw -q -pl control-plane test-compile
 * java -cp control-plane/target/test-classes:control-plane/target/classes:$(cat /tmp/cp.txt) \
 *   dev.materia.controlplane.bench.DispatchLatencyBench [runs]
 * </pre>
 */
public final class DispatchLatencyBench {
  private DispatchLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int warmup = Math.min(200, runs);
    try (BenchControlPlane bench = new BenchControlPlane(DispatchLatencyBench.class, Map.of())) {
      RunningControlPlane controlPlane = bench.controlPlane;
      Tenants tenants = new Tenants(controlPlane);
      SignedInUser owner = tenants.signUp("Bench");
      String agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
      ApiClient agent = RunFixtures.agent(controlPlane, agentToken);
      String launchBody = "{\"selection\":\"sales/raw_orders\",\"codeLocation\":\"sales\"}";
      String path = RunFixtures.runs(owner, "prod");

      long[] baseline = new long[runs];
      for (int i = -warmup; i < runs; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> health = controlPlane.get("/health");
        long t1 = System.nanoTime();
        if (health.statusCode() != 200) {
          throw new IllegalStateException(health.body());
        }
        if (i >= 0) {
          baseline[i] = t1 - t0;
        }
      }

      long[] launch = new long[runs];
      for (int i = -warmup; i < runs; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> launched = owner.session().post(path, launchBody);
        long t1 = System.nanoTime();
        if (launched.statusCode() != 201) {
          throw new IllegalStateException(launched.body());
        }
        if (i >= 0) {
          launch[i] = t1 - t0;
        }
      }
      // drain the launches made above so each measured poll finds exactly its own run
      while (agent.get(AgentProtocol.WORK_PATH + "?wait=0").body().contains("launch_run")) {
        Thread.onSpinWait();
      }

      long[] dispatch = new long[runs];
      for (int i = -warmup; i < runs; i++) {
        CompletableFuture<HttpResponse<String>> poll =
            CompletableFuture.supplyAsync(() -> agent.get(AgentProtocol.WORK_PATH + "?wait=25s"));
        waitUntilHeld(controlPlane);
        long t0 = System.nanoTime();
        HttpResponse<String> launched = owner.session().post(path, launchBody);
        HttpResponse<String> work = poll.get(30, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        if (launched.statusCode() != 201 || !work.body().contains(Json.string(launched, "id"))) {
          throw new IllegalStateException(launched.body() + " / " + work.body());
        }
        if (i >= 0) {
          dispatch[i] = t1 - t0;
        }
      }
      System.out.println(
          "loopback HTTP round trip (GET /health): " + BenchControlPlane.micros(baseline));
      System.out.println(
          "POST .../runs alone (create + commit): " + BenchControlPlane.micros(launch));
      System.out.println(
          "run created (POST .../runs sent) -> agent holds the launch: "
              + BenchControlPlane.micros(dispatch));
    }
  }

  private static void waitUntilHeld(RunningControlPlane controlPlane) throws InterruptedException {
    var polls = controlPlane.context().getBean(dev.materia.controlplane.queue.LongPolls.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (polls.held() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the poll was never held");
      }
      Thread.onSpinWait();
    }
  }
}
