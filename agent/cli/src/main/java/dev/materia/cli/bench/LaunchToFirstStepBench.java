package dev.materia.cli.bench;

import dev.materia.agent.AgentConfig;
import io.micronaut.json.tree.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code launch_to_first_step}: the launchers alone, from their {@code launch()} to the worker's
 * first {@code step_started} ({@link LaunchToFirstStep}); in-process against an absolute target,
 * subprocess against a bare JVM start measured in the same run. For context, a subprocess launch
 * with no warm spare worker, and the same end to end: run {@code createdAt} to {@code step_started}
 * with a real agent and control plane. One trivial asset. {@code MATERIA_BENCH_WORKER_OPTS} passes
 * JVM options to the subprocess workers.
 */
final class LaunchToFirstStepBench implements Benchmark {
  static final String LAUNCH = "{\"selection\":\"bench/first_step\",\"codeLocation\":\"bench\"}";

  @Override
  public String name() {
    return "launch_to_first_step";
  }

  @Override
  public List<BenchResult> run(BenchEnvironment env) throws Exception {
    // The launchers alone (launch() call to the worker's first StepStarted, no control plane),
    // which is what the targets are about.
    Path location = BenchAgent.writeLocation(env.work().resolve("launch-location"));
    String options = System.getenv().getOrDefault("MATERIA_BENCH_WORKER_OPTS", "").trim();
    List<String> workerOptions = options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    LaunchToFirstStep.Samples inProcess =
        LaunchToFirstStep.measure(
            AgentConfig.Launcher.IN_PROCESS,
            location,
            "bench/first_step",
            env.size(5, 1),
            env.size(30, 3),
            env.work().resolve("launch-in-process"));
    LaunchToFirstStep.Samples subprocess =
        LaunchToFirstStep.measure(
            AgentConfig.Launcher.SUBPROCESS,
            location,
            "bench/first_step",
            env.size(1, 0),
            env.size(5, 1),
            env.work().resolve("launch-subprocess"),
            workerOptions);
    LaunchToFirstStep.Samples cold =
        LaunchToFirstStep.measure(
            AgentConfig.Launcher.SUBPROCESS,
            location,
            "bench/first_step",
            0,
            env.size(3, 1),
            env.work().resolve("launch-subprocess-cold"),
            workerOptions,
            false);
    LaunchToFirstStep.Samples bare = LaunchToFirstStep.bareJvmStart(1, env.size(5, 1));
    env.log("launch_to_first_step: %s; %s; %s; %s", inProcess, subprocess, cold, bare);

    // The same end to end: a real agent holding a long poll on the control plane.
    ControlPlaneProcess controlPlane = env.controlPlane();
    List<Double> endToEndInProcess = new ArrayList<>();
    try (BenchAgent agent =
        BenchAgent.start(env, controlPlane, AgentConfig.Launcher.IN_PROCESS, "launch-in-process")) {
      measure(agent, env.size(5, 1), env.size(20, 2), endToEndInProcess);
    }
    List<Double> endToEndSubprocess = new ArrayList<>();
    try (BenchAgent agent =
        BenchAgent.start(env, controlPlane, AgentConfig.Launcher.SUBPROCESS, "launch-subprocess")) {
      measure(agent, 0, env.size(3, 1), endToEndSubprocess);
    }
    return List.of(
        BenchResult.atMost(
                "launch_to_first_step.in_process",
                millis(inProcess.p50()),
                "ms",
                50,
                "the in-process launcher sets up the run's spool and shipper and plans the run"
                    + " before the first step; would fix: plan while the spool opens.")
            .measured("median; the launcher alone, launch() to the worker's step_started"),
        BenchResult.ratioAtMost(
                "launch_to_first_step.subprocess",
                millis(subprocess.p50()),
                "ms",
                millis(bare.p50()),
                3,
                "before its first step the worker JVM (RunWorkerMain, the agent's whole"
                    + " classpath) sets up Jackson and OkHttp, loads the code location in a fresh"
                    + " class loader and builds its asset graph and snapshot, all in a cold,"
                    + " interpreted JVM, where the bare start runs an empty main; would fix: a CDS"
                    + " archive of the worker classpath made once by the agent, or a small pool of"
                    + " started workers waiting for a spec.")
            .measured(
                "median; the launcher alone; baseline: java -cp <the same classpath> with an"
                    + " empty main, spawn to exit"),
        BenchResult.info(
            "launch_to_first_step.subprocess_cold",
            millis(cold.p50()),
            "ms",
            millis(bare.p50()),
            "no target; median; the subprocess launcher with no spare worker, so each launch"
                + " starts a cold worker JVM (the first launch, or launches faster than a spare"
                + " warms up)"),
        BenchResult.info(
            "launch_to_first_step.end_to_end_in_process",
            Stats.median(endToEndInProcess),
            "ms",
            null,
            "no target; run createdAt to step_started with a real agent's held poll: dispatch"
                + " plus launch"),
        BenchResult.info(
            "launch_to_first_step.end_to_end_subprocess",
            Stats.median(endToEndSubprocess),
            "ms",
            null,
            "no target; as above with the subprocess launcher"));
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1e6;
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
}
