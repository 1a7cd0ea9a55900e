package dev.materia.cli.bench;

import dev.materia.agent.AgentConfig;
import io.micronaut.json.tree.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code launch_to_first_step}: from the run's creation ({@code createdAt}) until its first step
 * started (the worker's {@code step_started} timestamp), with a real agent holding a long poll; one
 * trivial asset. In-process launcher: absolute target. Subprocess launcher: against a bare JVM
 * start and exit measured in the same run.
 */
final class LaunchToFirstStepBench implements Benchmark {
  static final String LAUNCH = "{\"selection\":\"bench/first_step\",\"codeLocation\":\"bench\"}";

  @Override
  public String name() {
    return "launch_to_first_step";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    ControlPlaneProcess controlPlane = env.controlPlane();
    List<Double> inProcess = new ArrayList<>();
    try (BenchAgent agent =
        BenchAgent.start(env, controlPlane, AgentConfig.Launcher.IN_PROCESS, "launch-in-process")) {
      measure(agent, env.size(5, 1), env.size(30, 3), inProcess);
    }
    env.log("launch_to_first_step in-process: median %.1f ms", Stats.median(inProcess));
    List<Double> subprocess = new ArrayList<>();
    try (BenchAgent agent =
        BenchAgent.start(env, controlPlane, AgentConfig.Launcher.SUBPROCESS, "launch-subprocess")) {
      measure(agent, env.size(1, 0), env.size(5, 1), subprocess);
    }
    List<Double> bare = new ArrayList<>();
    for (int i = -1; i < env.size(5, 1); i++) {
      double millis = bareJvm();
      if (i >= 0) {
        bare.add(millis);
      }
    }
    env.log(
        "launch_to_first_step subprocess: median %.0f ms, bare JVM %.0f ms",
        Stats.median(subprocess), Stats.median(bare));
    return List.of(
        BenchResult.atMost(
            "launch_to_first_step.in_process",
            Stats.median(inProcess),
            "ms",
            50,
            "the time includes dispatch (see dispatch_latency), the agent taking the launch and"
                + " the worker's RunStarted before the first step; would fix: what fixes"
                + " dispatch_latency, and starting the first step without waiting for any reply."),
        BenchResult.ratioAtMost(
            "launch_to_first_step.subprocess",
            Stats.median(subprocess),
            "ms",
            Stats.median(bare),
            3,
            "before its first step the worker JVM (RunWorkerMain, the agent's whole classpath)"
                + " sets up Jackson and OkHttp, loads the code location in a fresh class loader and"
                + " builds its asset graph and snapshot, all in a cold, interpreted JVM, where a"
                + " bare start loads a handful of classes; would fix: a CDS archive of the worker"
                + " classpath made once by the agent, a worker classpath without the CLI's"
                + " control-plane jars, or a small pool of started workers waiting for a spec."));
  }

  private static void measure(BenchAgent agent, int warmup, int samples, List<Double> into)
      throws InterruptedException {
    for (int i = -warmup; i < samples; i++) {
      JsonNode run = agent.launchAndWait(LAUNCH, Duration.ofSeconds(120));
      String runId = run.get("id").getStringValue();
      Instant created = Instant.parse(run.get("createdAt").getStringValue());
      Instant firstStep = agent.firstStepStarted(runId);
      if (i >= 0) {
        into.add(Duration.between(created, firstStep).toNanos() / 1e6);
      }
    }
  }

  /** A JVM with the same java and no classpath beyond {@link BareJvm}: start to exit. */
  static double bareJvm() throws Exception {
    Path classes =
        Path.of(BareJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    long t0 = System.nanoTime();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes.toString(),
                BareJvm.class.getName())
            .inheritIO()
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("a bare JVM did not start and exit cleanly");
    }
    return Stats.millisSince(t0);
  }
}
