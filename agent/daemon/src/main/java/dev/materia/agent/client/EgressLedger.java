package dev.materia.agent.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Objects;

/**
 * Appends every request body the agent and its run workers send to one file, for the customer's own
 * audit of what left their infrastructure ({@code --egress-ledger FILE}).
 *
 * <p>One JSON line per request attempt: {@code {"at":"…","method":"POST","path":"/api/agent/v1/…",
 * "body":{…}}}. The body is written exactly as sent; tokens are headers and never appear. Several
 * processes may share the file: each line is written whole under a file lock.
 */
public final class EgressLedger {
  private final Path file;
  private final Clock clock;

  public EgressLedger(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** The ledger file. */
  public Path file() {
    return file;
  }

  /** Appends one request; {@code body} is JSON. */
  public void record(String method, String path, byte[] body) throws IOException {
    byte[] head =
        ("{\"at\":\""
                + clock.instant()
                + "\",\"method\":\""
                + method
                + "\",\"path\":"
                + quote(path)
                + ",\"body\":")
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer line = ByteBuffer.allocate(head.length + body.length + 2);
    line.put(head).put(body).put((byte) '}').put((byte) '\n').flip();
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (FileChannel channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        FileLock lock = channel.lock()) {
      while (line.hasRemaining()) {
        channel.write(line);
      }
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
