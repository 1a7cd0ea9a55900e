package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssetStatusTest {
  @Test
  void aStepInProgressOrALiveRunNotYetAtItsStepIsRunningWhateverElse() {
    assertThat(AssetStatus.of(true, false, true, Staleness.STALE)).isEqualTo(AssetStatus.RUNNING);
    assertThat(AssetStatus.of(false, true, false, Staleness.MISSING))
        .isEqualTo(AssetStatus.RUNNING);
  }

  @Test
  void itsOwnFailedStepMakesItFailedBeforeItsStaleness() {
    assertThat(AssetStatus.of(false, false, true, Staleness.UP_TO_DATE))
        .isEqualTo(AssetStatus.FAILED);
  }

  @Test
  void otherwiseItIsItsStaleness() {
    assertThat(AssetStatus.of(false, false, false, Staleness.UP_TO_DATE))
        .isEqualTo(AssetStatus.UP_TO_DATE);
    assertThat(AssetStatus.of(false, false, false, Staleness.STALE)).isEqualTo(AssetStatus.STALE);
    assertThat(AssetStatus.of(false, false, false, Staleness.MISSING))
        .isEqualTo(AssetStatus.MISSING);
  }
}
