package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.cli.Materia;
import dev.materia.cli.api.MateriaApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One {@code materia …} run in this JVM with {@code environment}: its exit code and output. */
record Invocation(int exitCode, String out, String err) {
  static Invocation materia(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Materia.commandLine(environment);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Invocation(exit, out.toString(), err.toString());
  }

  /** Stdout as one JSON document. */
  JsonNode json() throws IOException {
    return MateriaApi.json().readTree(out);
  }
}
