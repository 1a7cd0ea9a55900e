package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.RunStatus;
import dev.materia.controlplane.assets.MaterializationIndex.PartitionStatus;
import org.junit.jupiter.api.Test;

/** What a run's end makes of a partition it left in progress. */
class PartitionSettlementTest {
  @Test
  void aPartitionMaterializedSinceItsStepStartedIsMaterializedWhateverTheRunsEnd() {
    for (RunStatus end :
        new RunStatus[] {RunStatus.SUCCESS, RunStatus.FAILURE, RunStatus.CANCELED}) {
      assertThat(PartitionStatus.afterRunEnded(end, true, null))
          .isEqualTo(PartitionStatus.MATERIALIZED);
    }
  }

  @Test
  void aFailedRunFailsWhatItLeftInProgressEvenWhenItWasMaterializedBefore() {
    assertThat(
            PartitionStatus.afterRunEnded(RunStatus.FAILURE, false, PartitionStatus.MATERIALIZED))
        .isEqualTo(PartitionStatus.FAILED);
    assertThat(PartitionStatus.afterRunEnded(RunStatus.FAILURE, false, null))
        .isEqualTo(PartitionStatus.FAILED);
  }

  @Test
  void aCanceledRunPutsBackWhatWasThereBeforeItsStepOrNothing() {
    assertThat(
            PartitionStatus.afterRunEnded(RunStatus.CANCELED, false, PartitionStatus.MATERIALIZED))
        .isEqualTo(PartitionStatus.MATERIALIZED);
    assertThat(PartitionStatus.afterRunEnded(RunStatus.CANCELED, false, PartitionStatus.FAILED))
        .isEqualTo(PartitionStatus.FAILED);
    assertThat(PartitionStatus.afterRunEnded(RunStatus.CANCELED, false, null)).isNull();
    assertThat(PartitionStatus.afterRunEnded(RunStatus.SUCCESS, false, null)).isNull();
  }
}
