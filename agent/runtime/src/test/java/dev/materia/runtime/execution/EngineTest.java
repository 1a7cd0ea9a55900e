package dev.materia.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStatus;
import dev.materia.api.StepFailed;
import dev.materia.api.StepSkipped;
import dev.materia.api.StepStarted;
import dev.materia.api.StepUpForRetry;
import dev.materia.api.partitions.InMemoryDynamicPartitionsStore;
import dev.materia.api.partitions.PartitionKeys;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.graph.CheckNode;
import dev.materia.runtime.graph.Dependency;
import dev.materia.runtime.graph.RetryPolicy;
import dev.materia.runtime.graph.StepFunction;
import dev.materia.runtime.plan.ExecutionPlan;
import dev.materia.runtime.plan.Planner;
import dev.materia.runtime.resources.Resources;
import dev.materia.sdk.CheckResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EngineTest {
  private static final long WAIT_SECONDS = 10;

  private static RunOutcome run(AssetGraph graph, int maxConcurrency) {
    return run(
        graph, RunOptions.builder().maxConcurrency(maxConcurrency).build(), new Cancellation());
  }

  private static RunOutcome run(AssetGraph graph, RunOptions options, Cancellation cancellation) {
    ExecutionPlan plan =
        new Planner(new PartitionKeys(Clock.systemUTC(), new InMemoryDynamicPartitionsStore()))
            .plan(graph, graph.topologicalOrder(), null, "*");
    return new Engine(graph, Resources.of(Map.of()), options).execute(plan, cancellation);
  }

  private static AssetNode asset(String key, StepFunction function, String... upstream) {
    return AssetNode.builder(key).inputs(upstream).function(function).build();
  }

  private static StepFunction constant(Object value) {
    return inputs -> value;
  }

  private static <E extends RunEvent> List<E> events(RunOutcome outcome, Class<E> type) {
    return outcome.events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void runsIndependentStepsAtTheSameTime() {
    // Each root waits at a barrier for the other: the run only succeeds if both run at once.
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    StepFunction meet =
        inputs -> {
          bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS);
          return 1;
        };
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                asset("left", meet),
                asset("right", meet),
                asset("sum", constant(2), "left", "right")),
            List.of());

    RunOutcome outcome = run(graph, 2);

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(outcome.stepStatuses()).containsValues(StepStatus.SUCCEEDED);
  }

  @Test
  void neverRunsMoreStepsAtOnceThanTheMaximum() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch twoRunning = new CountDownLatch(2);
    StepFunction busy =
        inputs -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          twoRunning.countDown();
          // Hold the slot until two steps overlap, so a missing limit would show as a peak > 2.
          twoRunning.await(WAIT_SECONDS, TimeUnit.SECONDS);
          Thread.yield();
          running.decrementAndGet();
          return 1;
        };
    List<AssetNode> roots = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      roots.add(asset("root_" + i, busy));
    }

    RunOutcome outcome = run(AssetGraph.of(roots, List.of()), 2);

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(peak.get()).isEqualTo(2);
  }

  @Test
  void skipsDownstreamOfAFailedStepWhileIndependentBranchesFinish() {
    CountDownLatch failureRecorded = new CountDownLatch(1);
    Consumer<RunEvent> listener =
        event -> {
          if (event instanceof StepFailed) {
            failureRecorded.countDown();
          }
        };
    StepFunction fail =
        inputs -> {
          throw new IOException("source unavailable");
        };
    // "slow" finishes only after the failure is recorded, proving the branch runs on.
    StepFunction slow =
        inputs -> {
          assertThat(failureRecorded.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
          return "done";
        };
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                asset("broken", fail),
                asset("after_broken", constant(1), "broken"),
                asset("two_after_broken", constant(1), "after_broken"),
                asset("slow", slow),
                asset("after_slow", constant(1), "slow")),
            List.of());

    RunOutcome outcome =
        run(
            graph,
            RunOptions.builder().maxConcurrency(4).listener(listener).build(),
            new Cancellation());

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(outcome.stepStatuses())
        .containsEntry("broken", StepStatus.FAILED)
        .containsEntry("after_broken", StepStatus.SKIPPED)
        .containsEntry("two_after_broken", StepStatus.SKIPPED)
        .containsEntry("slow", StepStatus.SUCCEEDED)
        .containsEntry("after_slow", StepStatus.SUCCEEDED);
    assertThat(events(outcome, StepSkipped.class))
        .extracting(StepSkipped::stepKey, StepSkipped::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("after_broken", "upstream step broken failed"),
            org.assertj.core.groups.Tuple.tuple(
                "two_after_broken", "upstream step after_broken was skipped"));
    StepFailed failed = events(outcome, StepFailed.class).getFirst();
    assertThat(failed.error().className()).isEqualTo("java.io.IOException");
    assertThat(failed.error().message()).isEqualTo("source unavailable");
    assertThat(failed.error().stackTrace())
        .contains("java.io.IOException: source unavailable\n\tat ");
    assertThat(events(outcome, RunFinished.class).getFirst().message())
        .isEqualTo("1 step failed [broken], 2 skipped");
  }

  @Test
  void retriesWithBackoffUntilAnAttemptSucceeds() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    StepFunction flaky =
        inputs -> {
          attempts.add(inputs.context().attempt());
          if (attempts.size() < 3) {
            throw new IllegalStateException("attempt " + attempts.size() + " failed");
          }
          return "ok";
        };
    RetryPolicy retry =
        new RetryPolicy(
            3, Duration.ofMillis(1), 2.0, Duration.ofSeconds(1), List.of(Exception.class));
    AssetGraph graph =
        AssetGraph.of(
            List.of(AssetNode.builder("flaky").retryPolicy(retry).function(flaky).build()),
            List.of());

    RunOutcome outcome = run(graph, 1);

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(attempts).containsExactly(1, 2, 3);
    assertThat(events(outcome, StepStarted.class))
        .extracting(StepStarted::attempt)
        .containsExactly(1, 2, 3);
    assertThat(events(outcome, StepUpForRetry.class))
        .extracting(StepUpForRetry::attempt, StepUpForRetry::delayMillis)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1L), org.assertj.core.groups.Tuple.tuple(2, 2L));
    assertThat(events(outcome, StepFailed.class)).isEmpty();
  }

  @Test
  void failsAfterTheLastRetry() {
    AtomicInteger calls = new AtomicInteger();
    StepFunction broken =
        inputs -> {
          calls.incrementAndGet();
          throw new IllegalStateException("still broken");
        };
    RetryPolicy retry =
        new RetryPolicy(2, Duration.ZERO, 1.0, Duration.ZERO, List.of(Exception.class));
    AssetGraph graph =
        AssetGraph.of(
            List.of(AssetNode.builder("broken").retryPolicy(retry).function(broken).build()),
            List.of());

    RunOutcome outcome = run(graph, 1);

    assertThat(calls.get()).isEqualTo(3);
    assertThat(events(outcome, StepFailed.class))
        .singleElement()
        .satisfies(f -> assertThat(f.attempt()).isEqualTo(3));
  }

  @Test
  void doesNotRetryExceptionsOutsideRetryOn() {
    AtomicInteger calls = new AtomicInteger();
    StepFunction broken =
        inputs -> {
          calls.incrementAndGet();
          throw new IllegalArgumentException("bad input, retrying will not help");
        };
    RetryPolicy retry =
        new RetryPolicy(5, Duration.ZERO, 1.0, Duration.ZERO, List.of(IOException.class));
    AssetGraph graph =
        AssetGraph.of(
            List.of(AssetNode.builder("broken").retryPolicy(retry).function(broken).build()),
            List.of());

    RunOutcome outcome = run(graph, 1);

    assertThat(calls.get()).isEqualTo(1);
    assertThat(outcome.stepStatuses()).containsEntry("broken", StepStatus.FAILED);
  }

  @Test
  void blockingCheckFailureSkipsStepsDownstreamOfItsAsset() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                asset("features", constant(List.of(1, 2))),
                asset("model", constant("m"), "features"),
                asset("other", constant("o"))),
            List.of(
                new CheckNode(
                    "features",
                    "no_nulls",
                    true,
                    "",
                    List.of(Dependency.input("features", List.class, "parameter 'features'")),
                    "Checks.noNulls",
                    inputs -> CheckResult.fail("2 nulls in score").withMetadata("null_count", 2))));

    RunOutcome outcome = run(graph, 2);

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(outcome.stepStatuses())
        .containsEntry("features", StepStatus.SUCCEEDED)
        .containsEntry("features:no_nulls", StepStatus.FAILED)
        .containsEntry("model", StepStatus.SKIPPED)
        .containsEntry("other", StepStatus.SUCCEEDED);
    assertThat(events(outcome, StepSkipped.class))
        .singleElement()
        .satisfies(
            s -> assertThat(s.reason()).isEqualTo("blocking check features:no_nulls failed"));
    assertThat(outcome.checkResults())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.passed()).isFalse();
              assertThat(c.blocking()).isTrue();
              assertThat(c.metadata()).containsEntry("null_count", 2);
            });
    assertThat(events(outcome, StepFailed.class).getFirst().error().message())
        .isEqualTo(
            "Blocking check features:no_nulls failed: 2 nulls in score; steps downstream of"
                + " \"features\" are skipped.");
  }

  @Test
  void nonBlockingCheckFailureLetsDownstreamRun() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(asset("features", constant(1)), asset("model", constant("m"), "features")),
            List.of(
                new CheckNode(
                    "features",
                    "fresh",
                    false,
                    "",
                    List.of(),
                    "Checks.fresh",
                    inputs -> CheckResult.fail("stale"))));

    RunOutcome outcome = run(graph, 2);

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(outcome.stepStatuses()).containsEntry("model", StepStatus.SUCCEEDED);
    assertThat(outcome.checkResults())
        .singleElement()
        .satisfies(c -> assertThat(c.passed()).isFalse());
  }

  @Test
  void blockingCheckThatThrowsAlsoStopsDownstream() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(asset("features", constant(1)), asset("model", constant("m"), "features")),
            List.of(
                new CheckNode(
                    "features",
                    "explodes",
                    true,
                    "",
                    List.of(),
                    "Checks.explodes",
                    inputs -> {
                      throw new IllegalStateException("check crashed");
                    })));

    RunOutcome outcome = run(graph, 2);

    assertThat(outcome.stepStatuses()).containsEntry("model", StepStatus.SKIPPED);
    assertThat(outcome.checkResults()).isEmpty();
  }

  @Test
  void cancellationInterruptsRunningStepsAndSkipsTheRest() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    StepFunction waitForever =
        inputs -> {
          started.countDown();
          never.await();
          return 1;
        };
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                asset("long_running", waitForever),
                asset("downstream", constant(1), "long_running"),
                asset("queued", constant(1))),
            List.of());
    Cancellation cancellation = new Cancellation();
    var result = new java.util.concurrent.CompletableFuture<RunOutcome>();
    Thread.ofVirtual()
        .start(
            () ->
                result.complete(
                    run(graph, RunOptions.builder().maxConcurrency(1).build(), cancellation)));

    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    cancellation.cancel();
    RunOutcome outcome = result.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(outcome.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(outcome.stepStatuses())
        .containsEntry("long_running", StepStatus.FAILED)
        .containsEntry("downstream", StepStatus.SKIPPED)
        .containsEntry("queued", StepStatus.SKIPPED);
    assertThat(events(outcome, StepFailed.class).getFirst().error().className())
        .isEqualTo("java.lang.InterruptedException");
    assertThat(events(outcome, StepStarted.class))
        .extracting(StepStarted::stepKey)
        .containsExactly("long_running");
    assertThat(events(outcome, RunFinished.class).getFirst().status())
        .isEqualTo(RunStatus.CANCELED);
  }

  @Test
  void cancellationBetweenStepsLetsTheRunningStepFinishAndStartsNoOther() {
    Cancellation cancellation = new Cancellation();
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                asset(
                    "first",
                    inputs -> {
                      cancellation.cancel();
                      return 1;
                    }),
                asset("second", constant(2), "first")),
            List.of());

    RunOutcome outcome = run(graph, RunOptions.builder().build(), cancellation);

    assertThat(outcome.stepStatuses())
        .containsEntry("first", StepStatus.SUCCEEDED)
        .containsEntry("second", StepStatus.SKIPPED);
    assertThat(events(outcome, StepSkipped.class).getFirst().reason())
        .isEqualTo("run canceled before the step started");
  }

  @Test
  void cancellationDuringRetryBackoffFailsTheStep() throws Exception {
    CountDownLatch firstAttemptFailed = new CountDownLatch(1);
    Consumer<RunEvent> listener =
        event -> {
          if (event instanceof StepUpForRetry) {
            firstAttemptFailed.countDown();
          }
        };
    RetryPolicy slowRetry =
        new RetryPolicy(3, Duration.ofHours(1), 1.0, Duration.ofHours(1), List.of(Exception.class));
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                AssetNode.builder("flaky")
                    .retryPolicy(slowRetry)
                    .function(
                        inputs -> {
                          throw new IOException("try later");
                        })
                    .build()),
            List.of());
    Cancellation cancellation = new Cancellation();
    var result = new java.util.concurrent.CompletableFuture<RunOutcome>();
    Thread.ofVirtual()
        .start(
            () ->
                result.complete(
                    run(graph, RunOptions.builder().listener(listener).build(), cancellation)));

    assertThat(firstAttemptFailed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    cancellation.cancel();
    RunOutcome outcome = result.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(outcome.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(events(outcome, StepFailed.class).getFirst().error().message())
        .isEqualTo("run canceled while waiting to retry");
  }

  @Test
  void numbersEventsInDeliveryOrderAcrossParallelSteps() {
    List<RunEvent> delivered = new CopyOnWriteArrayList<>();
    List<AssetNode> roots = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      roots.add(
          asset(
              "root_" + i,
              inputs -> {
                inputs.context().log().info("step " + n);
                return n;
              }));
    }

    RunOutcome outcome =
        run(
            AssetGraph.of(roots, List.of()),
            RunOptions.builder().maxConcurrency(8).listener(delivered::add).build(),
            new Cancellation());

    assertThat(delivered).isEqualTo(outcome.events());
    for (int i = 0; i < delivered.size(); i++) {
      assertThat(delivered.get(i).seq()).isEqualTo(i + 1);
    }
    assertThat(events(outcome, AssetMaterialized.class)).hasSize(50);
  }

  @Test
  void passesUpstreamValuesAsInputs() {
    AssetGraph graph =
        AssetGraph.of(
            List.of(
                asset("a", constant(20)),
                asset("b", constant(22)),
                asset(
                    "sum",
                    inputs -> (Integer) inputs.input("a") + (Integer) inputs.input("b"),
                    "a",
                    "b")),
            List.of());

    RunOutcome outcome = run(graph, 4);

    assertThat(outcome.outputs().get("sum")).contains(42);
  }

  @Test
  void computesRetryDelaysWithBackoffAndCap() {
    RetryPolicy policy =
        new RetryPolicy(
            5, Duration.ofMillis(100), 3.0, Duration.ofMillis(1000), List.of(Exception.class));

    assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(300));
    assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofMillis(900));
    assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.retries(5, new IOException())).isTrue();
    assertThat(policy.retries(6, new IOException())).isFalse();
    assertThat(policy.retries(1, new AssertionError())).isFalse();
  }

  @Test
  void finishesTheRunWhenTheEventListenerThrows() {
    AssetGraph graph =
        AssetGraph.of(List.of(asset("a", constant(1)), asset("b", constant(2), "a")), List.of());
    Consumer<RunEvent> broken =
        event -> {
          throw new IllegalStateException("spool full");
        };

    RunOutcome outcome =
        run(graph, RunOptions.builder().listener(broken).build(), new Cancellation());

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(outcome.events()).hasSizeGreaterThan(4);
  }
}
