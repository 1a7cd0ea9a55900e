package dev.materia.controlplane.queue;

import dev.materia.api.agent.WorkItem;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Held long polls, by deployment. A poll is a future plus a claim attempt: no thread waits for it.
 * A {@link Signals#WORK} notification for a deployment runs the claim of each poll holding it on a
 * small pool (so a thousand polls never need a thousand connections), and the first poll to claim
 * something answers; the others keep waiting. A timer answers empty when the wait runs out.
 */
@Singleton
public final class LongPolls {
  private static final Logger LOG = LoggerFactory.getLogger(LongPolls.class);

  private final Map<UUID, Set<Poll>> byDeployment = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("materia-poll-timer").factory());
  private final ExecutorService claims =
      Executors.newFixedThreadPool(
          4, Thread.ofPlatform().daemon().name("materia-poll-claim-", 0).factory());

  LongPolls(SignalListener listener) {
    listener.subscribe(Signals.WORK, this::wake);
    listener.onReconnect(this::wakeAll);
  }

  /** Polls currently held, for tests and metrics. */
  public int held() {
    return byDeployment.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * Holds a poll for {@code deployments} until {@code claim} returns work or {@code wait} runs out
   * (then the future completes with an empty list).
   */
  public CompletableFuture<List<WorkItem>> hold(
      Set<UUID> deployments, Duration wait, Supplier<List<WorkItem>> claim) {
    Poll poll = new Poll(deployments, claim);
    for (UUID deployment : deployments) {
      byDeployment.computeIfAbsent(deployment, d -> ConcurrentHashMap.newKeySet()).add(poll);
    }
    ScheduledFuture<?> timeout =
        timer.schedule(
            () -> {
              poll.expired = true;
              poll.wake();
            },
            wait.toMillis(),
            TimeUnit.MILLISECONDS);
    poll.future.whenComplete(
        (items, error) -> {
          timeout.cancel(false);
          for (UUID deployment : deployments) {
            Set<Poll> polls = byDeployment.get(deployment);
            if (polls != null) {
              polls.remove(poll);
              if (polls.isEmpty()) {
                byDeployment.remove(deployment, polls);
              }
            }
          }
        });
    poll.wake(); // the first claim; registered first, so no notification slips between
    return poll.future;
  }

  private void wake(UUID deployment) {
    Set<Poll> polls = byDeployment.get(deployment);
    if (polls != null) {
      polls.forEach(Poll::wake);
    }
  }

  private void wakeAll() {
    byDeployment.values().forEach(polls -> polls.forEach(Poll::wake));
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    claims.shutdownNow();
  }

  private final class Poll {
    final Set<UUID> deployments;
    final Supplier<List<WorkItem>> claim;
    final CompletableFuture<List<WorkItem>> future = new CompletableFuture<>();
    final AtomicInteger wakeups = new AtomicInteger();
    volatile boolean expired;

    Poll(Set<UUID> deployments, Supplier<List<WorkItem>> claim) {
      this.deployments = deployments;
      this.claim = claim;
    }

    /** Serializes claims of this poll: a wake-up during a claim runs one more claim after it. */
    void wake() {
      if (wakeups.getAndIncrement() == 0) {
        try {
          claims.execute(this::drain);
        } catch (RuntimeException e) {
          future.complete(List.of()); // shutting down
        }
      }
    }

    private void drain() {
      int missed = wakeups.get();
      while (true) {
        if (future.isDone()) {
          return;
        }
        try {
          List<WorkItem> items = claim.get();
          if (!items.isEmpty()) {
            future.complete(items);
            return;
          }
        } catch (RuntimeException e) {
          LOG.warn("claiming work for deployments {} failed", deployments, e);
          future.completeExceptionally(e);
          return;
        }
        if (expired) {
          future.complete(List.of()); // one last claim above, then the wait is over
          return;
        }
        missed = wakeups.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }
  }
}
