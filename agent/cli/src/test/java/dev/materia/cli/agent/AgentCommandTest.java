package dev.materia.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.cli.Materia;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCommandTest {
  @Test
  void aMissingTokenIsOneLineNamingTheVariableAndExitOne() {
    StringWriter err = new StringWriter();
    var commandLine = Materia.commandLine(Map.of("MATERIA_URL", "https://materia.example.com"));
    commandLine.setErr(new PrintWriter(err, true));

    int exit = commandLine.execute("agent");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("materia: no agent token: set agent-token (or MATERIA_AGENT_TOKEN)")
        .hasLineCount(1);
  }

  @Test
  void aUserTokenInsteadOfAnAgentTokenIsRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    var commandLine =
        Materia.commandLine(
            Map.of("MATERIA_URL", "https://materia.example.com", "MATERIA_AGENT_TOKEN", "mtu_x"));
    commandLine.setErr(new PrintWriter(err, true));

    assertThat(commandLine.execute("agent")).isEqualTo(1);
    assertThat(err.toString()).contains("create an agent token, not a user token").hasLineCount(1);
  }
}
