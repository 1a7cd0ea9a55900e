package dev.materia.cli.bench;

import dev.materia.agent.AgentConfig;
import io.micronaut.json.tree.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run_shipping}: how fast one run's events reach the control plane. A real agent (in-process
 * launcher) runs an asset that logs 25,000 lines; the rate is the lines over the time from the
 * run's first event (the worker's {@code run_started} stamp) to the control plane reporting the run
 * finished, which it does only after storing every event before the last. The agent ships through
 * its spool in its default batches (2,000 events, 1 MiB), one batch in flight at a time.
 */
final class RunShippingBench implements Benchmark {
  @Override
  public String name() {
    return "run_shipping";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    int lines = env.size(25_000, 1_000);
    String launch =
        "{\"selection\":\"bench/chatty\",\"codeLocation\":\"bench\",\"partitionKey\":\"%d\"}"
            .formatted(lines);
    List<Double> rates = new ArrayList<>();
    try (BenchAgent agent =
        BenchAgent.start(env, env.controlPlane(), AgentConfig.Launcher.IN_PROCESS, "shipping")) {
      for (int round = 1; round <= env.size(3, 1); round++) {
        String runId = agent.tenant().launch("prod", launch);
        JsonNode run = agent.awaitFinished(runId, Duration.ofMinutes(5));
        Instant stored = Instant.now();
        Instant first = firstEvent(agent, runId);
        Instant finished = Instant.parse(run.get("finishedAt").getStringValue());
        double seconds = Duration.between(first, stored).toNanos() / 1e9;
        rates.add(lines / seconds);
        env.log(
            "run_shipping: round %d, %d lines: the run produced them in %.2f s, all stored %.2f s"
                + " after its first event",
            round, lines, Duration.between(first, finished).toNanos() / 1e9, seconds);
      }
    }
    return List.of(
        BenchResult.info(
            "run_shipping.events_per_s",
            Stats.median(rates),
            "events/s",
            null,
            "no target; median of the rounds; %,d log lines of one run, its first event to the run"
                    .formatted(lines)
                + " reported finished (all events stored); the rate climbs as the JIT warms up"));
  }

  private static Instant firstEvent(BenchAgent agent, String runId) {
    String path = agent.tenant().deploymentPath("prod") + "/runs/" + runId + "/events?limit=1";
    JsonNode page = Http.json(Http.expect(agent.tenant().user().get(path), 200));
    JsonNode items = page.get("items") != null ? page.get("items") : page.get("events");
    return Instant.parse(items.get(0).get("timestamp").getStringValue());
  }
}
