package dev.materia.controlplane.queue;

import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.TerminateRun;
import dev.materia.api.agent.WorkItem;
import dev.materia.controlplane.signals.SignalListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waiter queues of {@link LongPolls}, with claims that are plain functions: which polls a
 * wake-up reaches, and that none is lost. Over HTTP and PostgreSQL: {@link ManyPollsTest}, {@link
 * HungUpPollTest}.
 */
class LongPollsTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final UUID ORG = UUID.randomUUID();
  private static final UUID PROD = UUID.randomUUID();

  private final LongPolls polls =
      new LongPolls(new SignalListener("jdbc:postgresql://unused/none", "none", ""));
  private final List<CompletableFuture<List<WorkItem>>> held = new ArrayList<>();

  @AfterEach
  void stop() {
    held.forEach(f -> f.cancel(false));
    polls.stop();
  }

  /** A queue of items that claims hand out one at a time, counting the claims. */
  private static final class Items implements Supplier<List<WorkItem>> {
    final List<WorkItem> queued = new CopyOnWriteArrayList<>();
    final AtomicInteger claims = new AtomicInteger();

    @Override
    public synchronized List<WorkItem> get() {
      claims.incrementAndGet();
      return queued.isEmpty() ? List.of() : List.of(queued.removeFirst());
    }

    void add() {
      queued.add(new TerminateRun(UUID.randomUUID().toString(), "run", "test"));
    }
  }

  private CompletableFuture<List<WorkItem>> hold(
      UUID org, UUID deployment, Supplier<List<WorkItem>> claim, List<WorkItem> givenBack) {
    CompletableFuture<List<WorkItem>> poll =
        polls.hold(org, Set.of(deployment), LONG, claim, givenBack::addAll);
    held.add(poll);
    return poll;
  }

  @Test
  void anItemWakesOneWaitingPollNotEveryPollOfTheDeployment() {
    Items items = new Items();
    for (int i = 0; i < 100; i++) {
      hold(ORG, PROD, items, new ArrayList<>());
    }
    await(() -> polls.waiting() == 100);
    int before = items.claims.get();

    items.add();
    polls.wake(new LongPolls.Key(ORG, PROD), 1);

    await(() -> held.stream().anyMatch(CompletableFuture::isDone));
    await(() -> polls.waiting() == 99);
    assertThat(items.claims.get() - before).as("claims after one item").isEqualTo(1);
    assertThat(held.stream().filter(CompletableFuture::isDone)).hasSize(1);
  }

  @Test
  void aWakeUpReachesOnlyPollsOfThatOrganizationAndDeployment() {
    Items ours = new Items();
    Items otherOrg = new Items();
    Items otherDeployment = new Items();
    CompletableFuture<List<WorkItem>> poll = hold(ORG, PROD, ours, new ArrayList<>());
    hold(UUID.randomUUID(), PROD, otherOrg, new ArrayList<>());
    hold(ORG, UUID.randomUUID(), otherDeployment, new ArrayList<>());
    await(() -> polls.waiting() == 3);

    ours.add();
    polls.wake(new LongPolls.Key(ORG, PROD), 1);

    await(poll::isDone);
    assertThat(ours.claims).hasValue(2);
    assertThat(otherOrg.claims).as("the same deployment id in another org").hasValue(1);
    assertThat(otherDeployment.claims).hasValue(1);
  }

  @Test
  void anItemAnnouncedDuringAClaimThatFoundNothingIsClaimedRightAfter() throws Exception {
    CountDownLatch inFirstClaim = new CountDownLatch(1);
    CountDownLatch announced = new CountDownLatch(1);
    Items items = new Items();
    Supplier<List<WorkItem>> claim =
        () -> {
          if (inFirstClaim.getCount() > 0) {
            inFirstClaim.countDown();
            await(() -> announced.getCount() == 0); // looked before the item committed
            return List.of();
          }
          return items.get();
        };
    CompletableFuture<List<WorkItem>> poll = hold(ORG, PROD, claim, new ArrayList<>());
    assertThat(inFirstClaim.await(20, TimeUnit.SECONDS)).isTrue();

    items.add();
    polls.wake(new LongPolls.Key(ORG, PROD), 1);
    announced.countDown();

    assertThat(poll.get(20, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void aPollThatHangsUpDuringItsClaimGivesTheItemsBack() throws Exception {
    List<WorkItem> givenBack = new CopyOnWriteArrayList<>();
    Items items = new Items();
    List<CompletableFuture<List<WorkItem>>> self = new ArrayList<>();
    CountDownLatch registered = new CountDownLatch(1);
    Supplier<List<WorkItem>> claim =
        () -> {
          List<WorkItem> claimed = items.get();
          if (!claimed.isEmpty()) {
            await(() -> registered.getCount() == 0);
            self.getFirst().cancel(false); // the agent hangs up while the claim runs
          }
          return claimed;
        };
    self.add(hold(ORG, PROD, claim, givenBack));
    registered.countDown();
    await(() -> polls.waiting() == 1);

    items.add();
    WorkItem item = items.queued.getFirst();
    polls.wake(new LongPolls.Key(ORG, PROD), 1);

    await(() -> givenBack.size() == 1);
    assertThat(givenBack).containsExactly(item);
    assertThat(polls.held()).isZero();
  }

  @Test
  void aWakeUpForAPollThatIsGoneGoesToTheNextWaitingPoll() throws Exception {
    Items items = new Items();
    List<CompletableFuture<List<WorkItem>>> first = new ArrayList<>();
    AtomicInteger firstClaims = new AtomicInteger();
    Supplier<List<WorkItem>> failing =
        () -> {
          if (firstClaims.incrementAndGet() > 1) {
            throw new IllegalStateException("the database went away for this claim");
          }
          return List.of();
        };
    first.add(hold(ORG, PROD, failing, new ArrayList<>()));
    await(() -> polls.waiting() == 1);
    CompletableFuture<List<WorkItem>> second = hold(ORG, PROD, items, new ArrayList<>());
    await(() -> polls.waiting() == 2);

    items.add();
    polls.wake(new LongPolls.Key(ORG, PROD), 1); // the oldest waiter, whose claim fails

    assertThat(second.get(20, TimeUnit.SECONDS)).hasSize(1);
    assertThat(first.getFirst()).isCompletedExceptionally();
  }

  @Test
  void aNotifiedClaimRunsBeforeTheFirstClaimsOfPollsThatArrivedInABurst() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    Items items = new Items();
    CompletableFuture<List<WorkItem>> waiter =
        hold(
            ORG,
            PROD,
            () -> {
              order.add("waiter");
              return items.get();
            },
            new ArrayList<>());
    await(() -> polls.waiting() == 1);
    order.clear();
    // Every claim thread busy, each until its own latch opens. Only one is let go below, so the
    // order in which claims run is the order the pool hands them out (with several threads free,
    // a thread that took the notified claim first may still record it after the others).
    List<CountDownLatch> busy = new ArrayList<>();
    AtomicInteger blocked = new AtomicInteger();
    for (int i = 0; i < 4; i++) {
      CountDownLatch latch = new CountDownLatch(1);
      busy.add(latch);
      hold(
          ORG,
          UUID.randomUUID(),
          () -> {
            blocked.incrementAndGet();
            await(() -> latch.getCount() == 0);
            return List.of();
          },
          new ArrayList<>());
    }
    await(() -> blocked.get() == 4);
    for (int i = 0; i < 50; i++) { // a burst of new polls, their first claims queued
      hold(
          ORG,
          UUID.randomUUID(),
          () -> {
            order.add("first claim");
            return List.of();
          },
          new ArrayList<>());
    }

    items.add();
    polls.wake(new LongPolls.Key(ORG, PROD), 1);
    busy.getFirst().countDown();

    assertThat(waiter.get(20, TimeUnit.SECONDS)).hasSize(1);
    await(() -> order.size() == 51);
    busy.forEach(CountDownLatch::countDown);
    await(() -> polls.waiting() == 54); // the blocked threads done, before the pool stops
    assertThat(order.indexOf("waiter")).as("the claim the one free thread took first").isZero();
  }
}
