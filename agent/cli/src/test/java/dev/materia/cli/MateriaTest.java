package dev.materia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MateriaTest {
  @Test
  // The value after the mistyped flag is unmatched too, so picocli says "Unknown options: ...".
  void aMistypedFlagIsNamedAsUnknownRatherThanReportedAsAMissingRequiredOption() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Materia.commandLine(Map.of());
    commandLine.setErr(new PrintWriter(err, true));

    int exit = commandLine.execute("materialize", "--selct", "sales_summary");

    assertThat(exit).as(err.toString()).isNotZero();
    assertThat(err.toString())
        .startsWith("Unknown option")
        .contains("'--selct'")
        .contains("Possible solutions: --select")
        .doesNotContain("Missing required option");
  }

  @Test
  void aMissingRequiredOptionIsStillReportedAsMissing() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Materia.commandLine(Map.of());
    commandLine.setErr(new PrintWriter(err, true));

    int exit = commandLine.execute("materialize");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("Missing required option").contains("--select");
  }
}
