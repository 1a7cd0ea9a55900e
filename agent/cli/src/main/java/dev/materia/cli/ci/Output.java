package dev.materia.cli.ci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Where a CI command writes. In {@code text} mode results and progress go to stdout for people; in
 * {@code json} mode stdout carries only JSON (one document, or one per line for event logs) and
 * progress goes to stderr, so {@code materia … -o json | jq} always parses.
 */
public final class Output {
  /** The {@code --output} values. */
  public enum Format {
    TEXT,
    JSON
  }

  private final Format format;
  private final PrintWriter out;
  private final PrintWriter err;
  private final ObjectMapper json;

  Output(Format format, PrintWriter out, PrintWriter err, ObjectMapper json) {
    this.format = format;
    this.out = out;
    this.err = err;
    this.json = json;
  }

  public boolean json() {
    return format == Format.JSON;
  }

  /** A result line for people (text mode only). */
  public void text(String line) {
    if (!json()) {
      out.println(line);
      out.flush();
    }
  }

  /** Progress: stdout in text mode, stderr in json mode. */
  public void progress(String line) {
    PrintWriter to = json() ? err : out;
    to.println(line);
    to.flush();
  }

  /** A problem, one line on stderr in either mode. */
  public void error(String line) {
    err.println(line);
    err.flush();
  }

  /** A JSON document on one line (json mode only). */
  public void document(JsonNode node) {
    if (json()) {
      try {
        out.println(json.writeValueAsString(node));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      out.flush();
    }
  }
}
