package dev.materia.controlplane.runs;

import static dev.materia.api.RunStatus.CANCELED;
import static dev.materia.api.RunStatus.FAILURE;
import static dev.materia.api.RunStatus.QUEUED;
import static dev.materia.api.RunStatus.STARTED;
import static dev.materia.api.RunStatus.STARTING;
import static dev.materia.api.RunStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.api.RunStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunStatusMachineTest {
  private static final Map<RunStatus, Set<RunStatus>> LEGAL =
      Map.of(
          QUEUED, EnumSet.of(STARTING, STARTED, CANCELED, FAILURE),
          STARTING, EnumSet.of(QUEUED, STARTED, SUCCESS, FAILURE, CANCELED),
          STARTED, EnumSet.of(SUCCESS, FAILURE, CANCELED),
          SUCCESS, EnumSet.noneOf(RunStatus.class),
          FAILURE, EnumSet.noneOf(RunStatus.class),
          CANCELED, EnumSet.noneOf(RunStatus.class));

  @Test
  void everyPairOfStatusesIsLegalExactlyAsSpecified() {
    for (RunStatus from : RunStatus.values()) {
      for (RunStatus to : RunStatus.values()) {
        boolean legal = LEGAL.get(from).contains(to);
        assertThat(RunStatusMachine.allows(from, to)).as("%s -> %s", from, to).isEqualTo(legal);
        if (legal) {
          assertThat(RunStatusMachine.move(from, to)).isEqualTo(to);
        } else {
          assertThatThrownBy(() -> RunStatusMachine.move(from, to))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining(from.name())
              .hasMessageContaining(to.name());
        }
      }
    }
  }

  @Test
  void terminalStatusesNeverChangeAndCannotBeCanceled() {
    for (RunStatus status : EnumSet.of(SUCCESS, FAILURE, CANCELED)) {
      assertThat(RunStatusMachine.cancelable(status)).isFalse();
      for (RunStatus to : RunStatus.values()) {
        assertThat(RunStatusMachine.allows(status, to)).isFalse();
      }
    }
    assertThat(RunStatusMachine.cancelable(QUEUED)).isTrue();
    assertThat(RunStatusMachine.cancelable(STARTED)).isTrue();
  }

  @Test
  void theHappyPathIsLegalStepByStep() {
    RunStatus status = QUEUED;
    for (RunStatus next : new RunStatus[] {STARTING, STARTED, SUCCESS}) {
      status = RunStatusMachine.move(status, next);
    }
    assertThat(status).isEqualTo(SUCCESS);
  }
}
