package dev.materia.cli.ci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server names request fields; the CLI says them as its flags. */
class MaterializeFlagWordsTest {
  @Test
  void everyFieldNameBecomesItsFlagAndTheRangeEndsAreNotReadAsTheRange() {
    assertThat(
            MaterializeCommand.inFlagWords(
                "--partition",
                "asset d has daily partitions: give partitionKey (e.g. 2024-01-02) or"
                    + " partitionRange"))
        .isEqualTo(
            "--partition: asset d has daily partitions: give --partition (e.g. 2024-01-02) or"
                + " --from/--to");
    assertThat(
            MaterializeCommand.inFlagWords(
                "--to", "partitionRange.last is after partitionRange.first"))
        .isEqualTo("--to: --to is after --from");
    assertThat(MaterializeCommand.inFlagWords("--location", "name it in codeLocation"))
        .isEqualTo("--location: name it in --location");
  }
}
