package dev.materia.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadFailureTest {
  @Test
  void aLoadErrorNamesTheLocationOnceWhateverPrefixesItsMessageCarries() {
    LoadFailure failure =
        new LoadFailure(
            "sales",
            "2",
            false,
            LoadFailure.reason(
                "sales",
                "code location sales failed to load: code location sales failed to load: cycle"),
            null);

    assertThat(failure.line()).isEqualTo("code location sales failed to load: cycle");
  }

  @Test
  void aRefusedSnapshotSaysWhoRefusedItAndWhichVersionKeepsServing() {
    LoadFailure failure =
        new LoadFailure(
            "sales", "2", true, LoadFailure.reason("sales", "code location sales: bad cron"), "1");

    assertThat(failure.line())
        .isEqualTo(
            "the control plane refused version 2 of code location sales: bad cron; version 1"
                + " keeps serving");
  }

  @Test
  void aRefusedFirstVersionSaysNothingServesYet() {
    assertThat(new LoadFailure("sales", "1", true, "taken", null).line())
        .endsWith(": taken; no version of it serves yet");
  }
}
