package dev.materia.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.RunStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTokenWindowTest {
  private static final Instant FINISHED = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(5);

  @Test
  void aLiveRunsTokenWorksWhateverTheTime() {
    for (RunStatus live :
        new RunStatus[] {RunStatus.QUEUED, RunStatus.STARTING, RunStatus.STARTED}) {
      assertThat(RunTokenWindow.open(live, null, GRACE, FINISHED.plus(Duration.ofDays(3))))
          .isTrue();
    }
  }

  @Test
  void anEndedRunsTokenWorksForTheGraceAfterTheFinishOnly() {
    assertThat(RunTokenWindow.open(RunStatus.SUCCESS, FINISHED, GRACE, FINISHED)).isTrue();
    assertThat(
            RunTokenWindow.open(
                RunStatus.FAILURE, FINISHED, GRACE, FINISHED.plus(GRACE).minusMillis(1)))
        .isTrue();
    assertThat(RunTokenWindow.open(RunStatus.CANCELED, FINISHED, GRACE, FINISHED.plus(GRACE)))
        .isFalse();
  }

  @Test
  void anEndedRunWithoutAFinishTimeIsTakenAsLongOver() {
    assertThat(RunTokenWindow.open(RunStatus.SUCCESS, null, GRACE, FINISHED)).isFalse();
  }
}
