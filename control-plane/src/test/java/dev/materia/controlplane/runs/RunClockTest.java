package dev.materia.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunClockTest {
  private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-07T10:30:00Z");
  private final RunClock clock = new RunClock(Duration.ofMinutes(1));

  @Test
  void keepsATimeBetweenTheLaunchAndNow() {
    Instant replayed = Instant.parse("2026-12-07T10:03:00Z");
    assertThat(clock.clamp(replayed, CREATED, NOW)).isEqualTo(replayed);
  }

  @Test
  void allowsTheSkewOnEitherSide() {
    assertThat(clock.clamp(NOW.plusSeconds(60), CREATED, NOW)).isEqualTo(NOW.plusSeconds(60));
    assertThat(clock.clamp(CREATED.minusSeconds(60), CREATED, NOW))
        .isEqualTo(CREATED.minusSeconds(60));
  }

  @Test
  void aTimeBeyondTheSkewIntoTheFutureIsNow() {
    assertThat(clock.clamp(NOW.plusSeconds(61), CREATED, NOW)).isEqualTo(NOW);
  }

  @Test
  void aTimeLongBeforeTheLaunchIsTheLaunch() {
    assertThat(clock.clamp(CREATED.minus(Duration.ofDays(3)), CREATED, NOW)).isEqualTo(CREATED);
  }
}
