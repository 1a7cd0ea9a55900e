package dev.materia.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.agent.client.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The poll loop: results to the handler, failures backed off, a final failure and stop end it. */
class PollerTest {
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2);
  private static final long BOUND_SECONDS = 30;

  @Test
  void aFailedPollIsRetriedAndWhatLaterPollsReturnGoesToTheHandler() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();
    CountDownLatch two = new CountDownLatch(2);
    Poller<String> poller =
        new Poller<>(
            "test poll",
            () -> {
              int n = polls.incrementAndGet();
              if (n <= 2) {
                throw new IOException("down " + n);
              }
              return n % 2 == 0 ? null : "work " + n;
            },
            item -> {
              handled.add(item);
              two.countDown();
            },
            QUICK,
            () -> Duration.ZERO,
            e -> false);

    poller.start();
    try {
      assertThat(two.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    } finally {
      poller.stop();
    }

    assertThat(handled).startsWith("work 3", "work 5");
    assertThat(poller.isAlive()).isFalse();
  }

  @Test
  void aFinalFailureEndsTheLoopForGood() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    CountDownLatch judged = new CountDownLatch(1);
    Poller<String> poller =
        new Poller<>(
            "test poll",
            () -> {
              polls.incrementAndGet();
              throw new IllegalStateException("token revoked");
            },
            item -> {},
            QUICK,
            () -> Duration.ZERO,
            e -> {
              judged.countDown();
              return e.getMessage().equals("token revoked");
            });

    poller.start();
    assertThat(judged.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();

    assertThat(poller.awaitEnd(Duration.ofSeconds(BOUND_SECONDS))).isTrue();
    assertThat(polls).hasValue(1);
  }

  @Test
  void stopInterruptsAPollInFlightAndEndsTheLoop() throws Exception {
    CountDownLatch polling = new CountDownLatch(1);
    Poller<String> poller =
        new Poller<>(
            "test poll",
            () -> {
              polling.countDown();
              new CountDownLatch(1).await(); // a poll held open until something interrupts it
              return "never";
            },
            item -> {},
            QUICK,
            () -> Duration.ZERO,
            e -> false);

    poller.start();
    assertThat(polling.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    poller.stop();

    assertThat(poller.isAlive()).isFalse();
  }
}
