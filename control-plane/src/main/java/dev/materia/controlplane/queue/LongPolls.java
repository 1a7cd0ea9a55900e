package dev.materia.controlplane.queue;

import dev.materia.api.agent.WorkItem;
import dev.materia.controlplane.signals.SignalListener;
import dev.materia.controlplane.signals.Signals;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Held long polls, in a waiter queue per (organization, deployment). A poll is a future plus a
 * claim attempt: no thread waits for it. A {@link Signals#WORK} notification names one item of one
 * deployment and wakes one poll that may take it: the oldest waiting one, or else one claiming
 * right now, which claims once more afterwards (its claim may have begun before the item
 * committed). Claims run on a small pool, so a thousand polls never need a thousand connections.
 *
 * <p>No wake-up is lost: a poll that claims nothing goes back to waiting; one that is gone (done,
 * failed) passes its wake-ups to the next poll; one that is gone after claiming gives the items
 * back ({@code unclaim}). The lease and the sweeper remain the safety net. A timer answers empty
 * when the wait runs out (up to a tenth early, so polls that came together do not come back
 * together).
 */
@Singleton
public final class LongPolls {
  private static final Logger LOG = LoggerFactory.getLogger(LongPolls.class);

  /** One waiter queue: the polls of a deployment of an organization. */
  record Key(UUID orgId, UUID deploymentId) {}

  private enum State {
    CLAIMING,
    WAITING,
    DONE
  }

  private final Object lock = new Object();
  private final Map<Key, LinkedHashSet<Poll>> waiting = new HashMap<>(); // oldest first
  private final Map<Key, Set<Poll>> claiming = new HashMap<>();
  private final Set<Poll> held = new HashSet<>();
  private final AtomicLong claims = new AtomicLong();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("materia-poll-timer").factory());

  /**
   * Runs the claims, those answering a notification first: when a thousand polls arrive at once (or
   * their waits end together), a launch does not queue behind their first claims.
   */
  private final ExecutorService pool =
      new ThreadPoolExecutor(
          4,
          4,
          0,
          TimeUnit.MILLISECONDS,
          new PriorityBlockingQueue<>(),
          Thread.ofPlatform().daemon().name("materia-poll-claim-", 0).factory());

  private final AtomicLong submitted = new AtomicLong();

  LongPolls(SignalListener listener) {
    listener.subscribePayload(Signals.WORK, this::signal);
    listener.onReconnect(this::wakeAll);
  }

  /** Polls currently held, for tests and metrics. */
  public int held() {
    synchronized (lock) {
      return held.size();
    }
  }

  /** Polls held and not claiming right now. */
  int waiting() {
    synchronized (lock) {
      return (int) held.stream().filter(p -> p.state == State.WAITING).count();
    }
  }

  /** Claims run so far, for tests and metrics. */
  public long claims() {
    return claims.get();
  }

  /**
   * Holds a poll of {@code orgId} for {@code deployments} until {@code claim} returns work or
   * {@code wait} runs out (then the future completes with an empty list). Complete the future
   * (empty) or cancel it when the client has gone: the poll leaves its queues, and items its claim
   * returns after that go to {@code unclaim}.
   */
  public CompletableFuture<List<WorkItem>> hold(
      UUID orgId,
      Set<UUID> deployments,
      Duration wait,
      Supplier<List<WorkItem>> claim,
      Consumer<List<WorkItem>> unclaim) {
    List<Key> keys = deployments.stream().map(d -> new Key(orgId, d)).toList();
    Poll poll = new Poll(keys, claim, unclaim);
    synchronized (lock) {
      held.add(poll);
      keys.forEach(key -> claiming.computeIfAbsent(key, k -> new HashSet<>()).add(poll));
    }
    // Up to a tenth earlier, so polls that arrived together do not all come back together.
    long millis = wait.toMillis() - ThreadLocalRandom.current().nextLong(wait.toMillis() / 10 + 1);
    ScheduledFuture<?> timeout = timer.schedule(() -> expire(poll), millis, TimeUnit.MILLISECONDS);
    poll.future.whenComplete(
        (items, error) -> {
          timeout.cancel(false);
          leave(poll);
        });
    // The first claim. The poll is registered as claiming first, so a notification arriving
    // meanwhile makes it claim once more.
    submit(poll);
    return poll.future;
  }

  /** A {@link Signals#WORK} payload: {@code org:deployment:item}. */
  private void signal(String payload) {
    String[] parts = payload.split(":");
    try {
      wake(new Key(UUID.fromString(parts[0]), UUID.fromString(parts[1])), 1);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      LOG.warn("ignoring a {} notification without org:deployment:item: {}", Signals.WORK, payload);
    }
  }

  /** Wakes {@code count} polls of {@code key}, waiting ones first. */
  void wake(Key key, int count) {
    List<Poll> woken = new ArrayList<>();
    synchronized (lock) {
      LinkedHashSet<Poll> idle = waiting.get(key);
      while (count > 0 && idle != null && !idle.isEmpty()) {
        Poll poll = idle.getFirst();
        toClaiming(poll, List.of(key));
        woken.add(poll);
        count--;
      }
      // No poll waits: a poll claiming now may have looked before the item committed.
      for (Poll poll : claiming.getOrDefault(key, Set.of())) {
        if (count == 0) {
          break;
        }
        if (!woken.contains(poll)) {
          poll.owed.add(key);
          count--;
        }
      }
    }
    woken.forEach(this::submit);
  }

  /** After a lost LISTEN connection: notifications may be missing, so every poll claims. */
  private void wakeAll() {
    List<Key> keys;
    synchronized (lock) {
      keys = held.stream().flatMap(p -> p.keys.stream()).distinct().toList();
    }
    keys.forEach(key -> wake(key, Integer.MAX_VALUE));
  }

  private void expire(Poll poll) {
    synchronized (lock) {
      poll.expired = true;
      if (poll.state != State.WAITING) {
        return; // a claim is running; it answers when it finds nothing
      }
    }
    poll.future.complete(List.of());
  }

  /** Takes the poll out of its queues for good and passes the wake-ups it still owed on. */
  private void leave(Poll poll) {
    List<Key> owed;
    synchronized (lock) {
      if (poll.state == State.DONE) {
        return;
      }
      for (Key key : poll.keys) {
        remove(waiting, key, poll);
        remove(claiming, key, poll);
      }
      held.remove(poll);
      poll.state = State.DONE;
      owed = List.copyOf(poll.owed);
      poll.owed.clear();
    }
    passOn(owed);
  }

  private void passOn(List<Key> wakeups) {
    wakeups.forEach(key -> wake(key, 1));
  }

  private void toClaiming(Poll poll, List<Key> wakeups) {
    for (Key key : poll.keys) {
      remove(waiting, key, poll);
      claiming.computeIfAbsent(key, k -> new HashSet<>()).add(poll);
    }
    poll.state = State.CLAIMING;
    poll.handling = wakeups;
  }

  private void toWaiting(Poll poll) {
    for (Key key : poll.keys) {
      remove(claiming, key, poll);
      waiting.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(poll);
    }
    poll.state = State.WAITING;
  }

  private static <S extends Set<Poll>> void remove(Map<Key, S> queues, Key key, Poll poll) {
    S polls = queues.get(key);
    if (polls != null && polls.remove(poll) && polls.isEmpty()) {
      queues.remove(key);
    }
  }

  private void submit(Poll poll) {
    boolean first;
    synchronized (lock) {
      first = poll.handling.isEmpty();
    }
    try {
      pool.execute(new Claim(first ? 1 : 0, submitted.incrementAndGet(), () -> drainOrFail(poll)));
    } catch (RejectedExecutionException e) {
      poll.future.complete(List.of()); // shutting down
    }
  }

  /** {@link #drain}; whatever it throws still answers the poll, so no poll is held forever. */
  private void drainOrFail(Poll poll) {
    try {
      drain(poll);
    } catch (Throwable t) {
      poll.future.completeExceptionally(t);
      throw t;
    }
  }

  /** Claims for the poll until it has work, or goes back to waiting when nothing is owed. */
  private void drain(Poll poll) {
    while (true) {
      List<Key> handling;
      synchronized (lock) {
        handling = poll.handling;
      }
      if (poll.future.isDone()) {
        passOn(handling); // gone before claiming: the next poll takes these wake-ups
        return;
      }
      List<WorkItem> items;
      try {
        claims.incrementAndGet();
        items = poll.claim.get();
      } catch (RuntimeException e) {
        LOG.warn("claiming work for {} failed", poll.keys, e);
        poll.future.completeExceptionally(e);
        passOn(handling);
        return;
      }
      if (!items.isEmpty()) {
        if (!poll.future.complete(items)) {
          giveBack(poll, items); // the client went away during the claim
        }
        return;
      }
      boolean expired;
      synchronized (lock) {
        if (poll.state == State.DONE) {
          return;
        }
        if (!poll.owed.isEmpty()) {
          poll.handling = List.copyOf(poll.owed);
          poll.owed.clear();
          continue;
        }
        expired = poll.expired;
        if (!expired) {
          toWaiting(poll);
        }
      }
      if (expired) {
        poll.future.complete(List.of());
      }
      return;
    }
  }

  private static void giveBack(Poll poll, List<WorkItem> items) {
    try {
      poll.unclaim.accept(items);
    } catch (RuntimeException e) {
      LOG.warn("giving back {} items of a poll that went away failed", items.size(), e);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    pool.shutdownNow();
  }

  /** A claim to run: notified ones (rank 0) before first ones (rank 1), each in order. */
  private record Claim(int rank, long sequence, Runnable work)
      implements Runnable, Comparable<Claim> {
    @Override
    public void run() {
      work.run();
    }

    @Override
    public int compareTo(Claim other) {
      return rank != other.rank
          ? Integer.compare(rank, other.rank)
          : Long.compare(sequence, other.sequence);
    }
  }

  private static final class Poll {
    final List<Key> keys;
    final Supplier<List<WorkItem>> claim;
    final Consumer<List<WorkItem>> unclaim;
    final CompletableFuture<List<WorkItem>> future = new CompletableFuture<>();
    // guarded by LongPolls.lock
    State state = State.CLAIMING;
    List<Key> handling = List.of();
    final List<Key> owed = new ArrayList<>();
    boolean expired;

    Poll(List<Key> keys, Supplier<List<WorkItem>> claim, Consumer<List<WorkItem>> unclaim) {
      this.keys = keys;
      this.claim = claim;
      this.unclaim = unclaim;
    }
  }
}
