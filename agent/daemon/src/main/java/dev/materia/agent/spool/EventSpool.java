package dev.materia.agent.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's durable event spool: events are appended before they are sent, and forgotten only once
 * the control plane has acknowledged them, so a crash of the agent or an outage of the control
 * plane loses nothing.
 *
 * <pre>{@code
 * try (EventSpool spool = EventSpool.open(runDir.resolve("spool"), json)) {
 *   spool.append(event);          // written, not yet fsync'd
 *   spool.sync();                 // fsync before the batch is sent
 *   spool.acknowledge(ack.contiguousSeq());
 * }
 * }</pre>
 *
 * <p>On disk: segment files {@code events-<firstSeq>.log} of lines {@code <crc32> <seq> <json>},
 * and a file {@code acked} holding the highest acknowledged seq, replaced atomically. A segment is
 * deleted once every seq in it is acknowledged. Opening a spool truncates a torn last line (a crash
 * mid-write) and resumes after the last whole event. One process holds a spool at a time, through a
 * lock on the file {@code lock}.
 */
public final class EventSpool implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(EventSpool.class);
  private static final String PREFIX = "events-";
  private static final String SUFFIX = ".log";

  /** A new segment starts past this size, so acknowledged events leave the disk during a run. */
  static final long SEGMENT_BYTES = 4L << 20;

  private final long segmentBytes;
  private final Path dir;
  private final ObjectMapper json;
  private final FileChannel lockChannel;
  private final FileLock lock;

  /** First seq of each segment, to its file. */
  private final TreeMap<Long, Path> segments = new TreeMap<>();

  /**
   * The segment being appended to. A stream, not a {@link FileChannel}: events are appended on the
   * run's step threads, which cancellation interrupts, and an interrupt closes a channel in the
   * middle of a write (ClosedByInterruptException), which would break the spool for the whole run.
   */
  private FileOutputStream current;

  private long currentSize;
  private long appendedSeq;
  private long ackedSeq;
  private boolean finished;
  private boolean closed;
  private Cursor cursor;

  /** Where the last read stopped, so sequential reads need not rescan a segment. */
  private record Cursor(long firstSeqOfSegment, long position, long nextSeq) {}

  private EventSpool(
      Path dir, ObjectMapper json, FileChannel lockChannel, FileLock lock, long segmentBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.json = json;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating when absent) the spool in {@code dir}, recovering what a previous process left.
   *
   * @throws IllegalStateException when another process or another spool object holds it
   */
  public static EventSpool open(Path dir, ObjectMapper json) throws IOException {
    return open(dir, json, SEGMENT_BYTES);
  }

  /** As {@link #open(Path, ObjectMapper)} with another segment size, for tests. */
  static EventSpool open(Path dir, ObjectMapper json, long segmentBytes) throws IOException {
    Objects.requireNonNull(dir, "dir == null");
    Objects.requireNonNull(json, "json == null");
    Files.createDirectories(dir);
    FileChannel lockChannel =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IllegalStateException(
          "event spool " + dir + " is held by another process or worker; it ships the events");
    }
    EventSpool spool = new EventSpool(dir, json, lockChannel, lock, segmentBytes);
    try {
      spool.recover();
    } catch (IOException | RuntimeException e) {
      spool.close();
      throw e;
    }
    return spool;
  }

  /** Whether a spool directory still holds events that may be unacknowledged. */
  public static boolean exists(Path dir) {
    return Files.isDirectory(dir) && Files.exists(dir.resolve("lock"));
  }

  /** The spool's directory. */
  public Path dir() {
    return dir;
  }

  /** The highest seq appended, 0 when empty. */
  public synchronized long appendedSeq() {
    return appendedSeq;
  }

  /** The highest seq the control plane acknowledged, 0 when none. */
  public synchronized long ackedSeq() {
    return ackedSeq;
  }

  /** Whether the run's {@link RunFinished} event has been appended. */
  public synchronized boolean finished() {
    return finished;
  }

  /** Whether everything appended is acknowledged and the run has finished. */
  public synchronized boolean complete() {
    return finished && ackedSeq == appendedSeq;
  }

  /**
   * Appends an event; its seq must follow the last one. Not yet fsync'd: see {@link #sync()}.
   *
   * @throws IllegalArgumentException when the seq leaves a gap or repeats one
   */
  public synchronized void append(RunEvent event) throws IOException {
    Objects.requireNonNull(event, "event == null");
    requireOpen();
    if (event.seq() != appendedSeq + 1) {
      throw new IllegalArgumentException(
          "event seq " + event.seq() + " does not follow seq " + appendedSeq + " in spool " + dir);
    }
    if (finished) {
      throw new IllegalStateException(
          "spool " + dir + " already holds the run's last event; cannot append seq " + event.seq());
    }
    byte[] body = json.writeValueAsBytes(event);
    if (current == null || currentSize >= segmentBytes) {
      roll(event.seq());
    }
    byte[] line = line(event.seq(), body);
    current.write(line);
    currentSize += line.length;
    appendedSeq = event.seq();
    finished = event instanceof RunFinished;
  }

  /** Forces appended events to disk; called before each batch is sent. */
  public synchronized void sync() throws IOException {
    requireOpen();
    if (current != null) {
      current.getFD().sync();
    }
  }

  /**
   * Reads up to {@code maxEvents} events after {@code afterSeq}, stopping before {@code maxBytes}
   * of JSON (always at least one event when there is one).
   */
  public synchronized List<SpooledEvent> read(long afterSeq, int maxEvents, long maxBytes)
      throws IOException {
    requireOpen();
    List<SpooledEvent> out = new ArrayList<>();
    long want = Math.max(afterSeq, ackedSeq) + 1;
    if (want > appendedSeq || maxEvents < 1) {
      return out;
    }
    long bytes = 0;
    var entry = segments.floorEntry(want);
    if (entry == null) {
      throw new IllegalStateException("spool " + dir + " has no segment holding seq " + want);
    }
    long segmentStart = entry.getKey();
    long position = 0;
    if (cursor != null && cursor.firstSeqOfSegment == segmentStart && cursor.nextSeq == want) {
      position = cursor.position;
    }
    while (out.size() < maxEvents && want <= appendedSeq) {
      Path file = segments.get(segmentStart);
      boolean segmentDone = true;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        var reader = new LineReader(channel, position);
        Line line;
        while ((line = reader.next()) != null) {
          if (line.seq < want) {
            continue;
          }
          if (out.size() >= maxEvents || (!out.isEmpty() && bytes + line.json.length > maxBytes)) {
            segmentDone = false;
            cursor = new Cursor(segmentStart, line.start, line.seq);
            break;
          }
          out.add(new SpooledEvent(line.seq, line.json));
          bytes += line.json.length;
          want = line.seq + 1;
          cursor = new Cursor(segmentStart, reader.position(), want);
        }
      }
      if (!segmentDone) {
        break;
      }
      Long next = segments.higherKey(segmentStart);
      if (next == null) {
        break;
      }
      segmentStart = next;
      position = 0;
    }
    return out;
  }

  /**
   * Records that the control plane stored every seq up to {@code seq}, and deletes segments that
   * hold only acknowledged events. Acknowledgements never move backwards here; see {@link
   * #rewind(long)}.
   */
  public synchronized void acknowledge(long seq) throws IOException {
    requireOpen();
    long upTo = Math.min(seq, appendedSeq);
    if (upTo <= ackedSeq) {
      return;
    }
    writeAcked(upTo);
    ackedSeq = upTo;
    // A segment is done when the next one starts at or below ackedSeq + 1.
    while (segments.size() > 1) {
      long first = segments.firstKey();
      long nextFirst = segments.higherKey(first);
      if (nextFirst - 1 > ackedSeq) {
        break;
      }
      Files.deleteIfExists(segments.remove(first));
      if (cursor != null && cursor.firstSeqOfSegment == first) {
        cursor = null;
      }
    }
  }

  /**
   * The control plane reports fewer events stored than it acknowledged before (it lost some): moves
   * the acknowledgement back to {@code seq}, or, when segments holding seqs after it were already
   * deleted, to just before the first seq the spool still holds, so those are sent again.
   *
   * @return the acknowledged seq now; above {@code seq} when the seqs in between are gone
   */
  public synchronized long rewind(long seq) throws IOException {
    requireOpen();
    if (seq >= ackedSeq) {
      return ackedSeq;
    }
    long firstHeld = segments.isEmpty() ? appendedSeq + 1 : segments.firstKey();
    long to = Math.max(seq, firstHeld - 1);
    if (to < ackedSeq) {
      writeAcked(to);
      ackedSeq = to;
      cursor = null;
    }
    return ackedSeq;
  }

  private void writeAcked(long seq) throws IOException {
    Path tmp = dir.resolve("acked.tmp");
    try (FileChannel channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(Long.toString(seq).getBytes(StandardCharsets.US_ASCII)));
      channel.force(false);
    }
    try {
      Files.move(
          tmp,
          dir.resolve("acked"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve("acked"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the spool's files; only allowed once {@link #complete()}. */
  public synchronized void deleteFiles() throws IOException {
    if (!complete()) {
      throw new IllegalStateException(
          "spool " + dir + " still holds unacknowledged events up to seq " + appendedSeq);
    }
    close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (current != null) {
        current.getFD().sync();
        current.close();
      }
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("event spool " + dir + " is closed");
    }
  }

  private void roll(long firstSeq) throws IOException {
    if (current != null) {
      current.getFD().sync();
      current.close();
    }
    Path file = dir.resolve(String.format("%s%020d%s", PREFIX, firstSeq, SUFFIX));
    current = new FileOutputStream(file.toFile(), true);
    currentSize = Files.size(file);
    segments.put(firstSeq, file);
    // The directory entry must be durable too, or a crash could lose the whole new file.
    syncDirectory();
  }

  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the file's own fsync is the best available.
    }
  }

  private void recover() throws IOException {
    Path ackedFile = dir.resolve("acked");
    if (Files.exists(ackedFile)) {
      String text = Files.readString(ackedFile, StandardCharsets.US_ASCII).strip();
      try {
        ackedSeq = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IOException("spool " + dir + " has a corrupt acked file: \"" + text + "\"", e);
      }
    }
    Files.deleteIfExists(dir.resolve("acked.tmp"));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
          segments.put(
              Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())),
              file);
        }
      }
    }
    appendedSeq = ackedSeq;
    byte[] lastJson = null;
    List<Long> firsts = new ArrayList<>(segments.keySet());
    for (int i = 0; i < firsts.size(); i++) {
      Path file = segments.get(firsts.get(i));
      long good = 0;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        var reader = new LineReader(channel, 0);
        Line line;
        while ((line = reader.next()) != null) {
          if (line.seq > appendedSeq + 1) {
            throw new IOException(
                "spool "
                    + dir
                    + " skips from seq "
                    + appendedSeq
                    + " to "
                    + line.seq
                    + " in "
                    + file);
          }
          appendedSeq = Math.max(appendedSeq, line.seq);
          lastJson = line.json;
          good = reader.position();
        }
        if (reader.torn()) {
          if (i < firsts.size() - 1) {
            throw new IOException("spool " + dir + " has a damaged line inside " + file);
          }
          log.warn("spool {}: dropping a torn last line after byte {} of {}", dir, good, file);
        }
      }
      if (i == firsts.size() - 1) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(good);
          channel.force(false);
        }
        current = new FileOutputStream(file.toFile(), true);
        currentSize = good;
      }
    }
    if (lastJson != null) {
      JsonNode type = json.readTree(lastJson).get("type");
      finished = type != null && RunFinished.TYPE.equals(type.asText());
    }
  }

  private static byte[] line(long seq, byte[] body) {
    byte[] seqText = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(seqText);
    crc.update(' ');
    crc.update(body);
    byte[] crcText = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(crcText.length + 1 + seqText.length + 1 + body.length + 1);
    out.put(crcText).put((byte) ' ').put(seqText).put((byte) ' ').put(body).put((byte) '\n');
    return out.array();
  }

  private record Line(long seq, byte[] json, long start) {}

  /** Reads verified lines from a position; stops at the end or at the first damaged line. */
  private static final class LineReader {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long position;
    private long bufferStart;
    private boolean eof;
    private boolean torn;
    private byte[] pending = new byte[0];

    LineReader(FileChannel channel, long position) {
      this.channel = channel;
      this.position = position;
      this.bufferStart = position;
      buffer.limit(0);
    }

    long position() {
      return position;
    }

    boolean torn() {
      return torn;
    }

    Line next() throws IOException {
      if (torn) {
        return null;
      }
      var bytes = new java.io.ByteArrayOutputStream();
      while (true) {
        if (!buffer.hasRemaining()) {
          if (eof) {
            // Bytes after the last newline: a write the crash cut short.
            torn = bytes.size() > 0;
            return null;
          }
          buffer.clear();
          int read = channel.read(buffer, bufferStart);
          buffer.flip();
          if (read <= 0) {
            eof = true;
            continue;
          }
          bufferStart += read;
        }
        byte b = buffer.get();
        if (b == '\n') {
          break;
        }
        bytes.write(b);
      }
      byte[] raw = bytes.toByteArray();
      long start = position;
      Line line = parse(raw, start);
      if (line == null) {
        torn = true;
        return null;
      }
      position += raw.length + 1;
      return line;
    }

    private static Line parse(byte[] raw, long start) {
      // <8 hex crc> <seq> <json>
      if (raw.length < 12 || raw[8] != ' ') {
        return null;
      }
      int seqEnd = 9;
      while (seqEnd < raw.length && raw[seqEnd] != ' ') {
        seqEnd++;
      }
      if (seqEnd >= raw.length) {
        return null;
      }
      try {
        long expected = Long.parseLong(new String(raw, 0, 8, StandardCharsets.US_ASCII), 16);
        CRC32 crc = new CRC32();
        crc.update(raw, 9, raw.length - 9);
        if (crc.getValue() != expected) {
          return null;
        }
        long seq = Long.parseLong(new String(raw, 9, seqEnd - 9, StandardCharsets.US_ASCII));
        byte[] json = java.util.Arrays.copyOfRange(raw, seqEnd + 1, raw.length);
        return new Line(seq, json, start);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** Reads the last seq a spool directory holds without locking it, for status reports. */
  public static long peekAppendedSeq(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      Path last =
          files
              .filter(f -> f.getFileName().toString().startsWith(PREFIX))
              .max(Path::compareTo)
              .orElse(null);
      if (last == null) {
        return 0;
      }
      byte[] tail;
      try (FileChannel channel = FileChannel.open(last, StandardOpenOption.READ)) {
        long from = Math.max(0, channel.size() - 64 * 1024);
        ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - from));
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
          // keep reading until the tail is in memory
        }
        tail = buffer.array();
      }
      // Walk back over whole lines; the newest verified one carries the last seq.
      int end = tail.length;
      while (end > 0) {
        int newline = end - 1;
        if (tail[newline] != '\n') {
          end = newline;
          continue;
        }
        int begin = newline;
        while (begin > 0 && tail[begin - 1] != '\n') {
          begin--;
        }
        Line line = LineReader.parse(java.util.Arrays.copyOfRange(tail, begin, newline), begin);
        if (line != null) {
          return line.seq;
        }
        end = begin;
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
