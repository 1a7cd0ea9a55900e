package dev.materia.controlplane.events;

import dev.materia.api.RunEvent;
import dev.materia.api.StepStarted;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.sql.Sql;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of the run event log ({@code run_events}, partitioned by the run's creation month, written
 * with one {@code INSERT ... SELECT FROM unnest(...)} per batch). Joins the open tenant
 * transaction; every statement filters by organization.
 */
@Singleton
final class RunEventStore {
  private static final Argument<RunEvent> RUN_EVENT = Argument.of(RunEvent.class);

  private final TenantTransactions transactions;
  private final JsonMapper json;

  RunEventStore(TenantTransactions transactions, JsonMapper json) {
    this.transactions = transactions;
    this.json = json;
  }

  /** The run identity the log needs: its partition key and deployment. */
  record RunKey(UUID orgId, UUID runId, UUID deploymentId, Instant createdAt) {}

  /**
   * Appends the events not stored yet with one {@code INSERT ... SELECT FROM unnest(...)}, and
   * returns their seqs, ascending. {@code texts.get(i)} is the JSON text of {@code events.get(i)}
   * as received; PostgreSQL parses each into the row's {@code jsonb} body, as COPY would. Call with
   * the run's row locked (no other batch of the run runs meanwhile) and {@code events} ascending by
   * seq: seqs up to {@code contiguous} are stored already, seqs above {@code max} are not, and only
   * those in between are looked up.
   */
  long[] append(RunKey run, List<RunEvent> events, List<String> texts, long contiguous, long max) {
    Connection connection = transactions.connection();
    long[] stored = max > contiguous ? storedAmong(connection, run, events, contiguous, max) : NONE;
    int size = events.size();
    long[] inserted = new long[size];
    Long[] seqs = new Long[size];
    String[] types = new String[size];
    Long[] micros = new Long[size];
    String[] steps = new String[size];
    String[] bodies = new String[size];
    int rows = 0;
    for (int i = 0; i < size; i++) {
      RunEvent event = events.get(i);
      long seq = event.seq();
      if (seq <= contiguous || java.util.Arrays.binarySearch(stored, seq) >= 0) {
        continue;
      }
      inserted[rows] = seq;
      seqs[rows] = seq;
      types[rows] = EventTypes.of(event);
      micros[rows] = micros(event.timestamp());
      steps[rows] = EventTypes.stepKey(event);
      bodies[rows] = texts.get(i);
      rows++;
    }
    if (rows == 0) {
      return NONE;
    }
    // PostgreSQL refuses COPY into a table with row-level security, so the rows go in with one
    // INSERT ... SELECT (which RLS checks) over column arrays sent in binary: no text escaping, and
    // the time as microseconds since the epoch, so no timestamp text is written or parsed.
    try (PreparedStatement statement =
        connection.prepareStatement(
            "insert into run_events (org_id, run_id, run_created_at, seq, type, at, step_key,"
                + " body) select ?, ?, ?, u.seq, u.type,"
                + " timestamptz 'epoch' + u.us * interval '1 microsecond', u.step, u.body::jsonb"
                + " from unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[])"
                + " as u(seq, type, us, step, body)")) {
      statement.setObject(1, run.orgId());
      statement.setObject(2, run.runId());
      statement.setTimestamp(3, Timestamp.from(run.createdAt()));
      statement.setArray(4, connection.createArrayOf("int8", java.util.Arrays.copyOf(seqs, rows)));
      statement.setArray(5, connection.createArrayOf("text", java.util.Arrays.copyOf(types, rows)));
      statement.setArray(
          6, connection.createArrayOf("int8", java.util.Arrays.copyOf(micros, rows)));
      statement.setArray(7, connection.createArrayOf("text", java.util.Arrays.copyOf(steps, rows)));
      statement.setArray(
          8, connection.createArrayOf("text", java.util.Arrays.copyOf(bodies, rows)));
      int count = statement.executeUpdate();
      if (count != rows) {
        throw new IllegalStateException(
            "stored " + count + " of " + rows + " events of run " + run.runId());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("appending events of run " + run.runId() + " failed", e);
    }
    return java.util.Arrays.copyOf(inserted, rows);
  }

  private static final long[] NONE = new long[0];

  /** Microseconds since the epoch, rounded as PostgreSQL rounds a finer timestamp it reads. */
  static long micros(Instant at) {
    return Math.multiplyExact(at.getEpochSecond(), 1_000_000L)
        + (long) Math.rint(at.getNano() / 1_000.0);
  }

  /** Seqs of {@code events} in {@code (contiguous, max]} that are stored, ascending. */
  private static long[] storedAmong(
      Connection connection, RunKey run, List<RunEvent> events, long contiguous, long max) {
    Long[] maybe =
        events.stream()
            .map(RunEvent::seq)
            .filter(s -> s > contiguous && s <= max)
            .toArray(Long[]::new);
    if (maybe.length == 0) {
      return NONE;
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select seq from run_events where org_id = ? and run_id = ? and run_created_at = ?"
                + " and seq = any(?) order by seq")) {
      statement.setObject(1, run.orgId());
      statement.setObject(2, run.runId());
      statement.setTimestamp(3, Timestamp.from(run.createdAt()));
      statement.setArray(4, connection.createArrayOf("int8", maybe));
      return seqs(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("reading seqs of run " + run.runId() + " failed", e);
    }
  }

  private static long[] seqs(PreparedStatement statement) throws SQLException {
    long[] seqs = new long[16];
    int n = 0;
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        if (n == seqs.length) {
          seqs = java.util.Arrays.copyOf(seqs, n * 2);
        }
        seqs[n++] = rs.getLong(1);
      }
    }
    return java.util.Arrays.copyOf(seqs, n);
  }

  /** {@code events} written out as JSON, one text per event, for {@link #append}. */
  List<String> texts(List<RunEvent> events) {
    return events.stream().map(this::write).toList();
  }

  /** Stored seqs of the run in {@code (after, below)}, ascending. */
  long[] seqsBetween(RunKey run, long after, long below) {
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "select seq from run_events where org_id = ? and run_id = ?"
                    + " and run_created_at = ? and seq > ? and seq < ? order by seq")) {
      statement.setObject(1, run.orgId());
      statement.setObject(2, run.runId());
      statement.setTimestamp(3, Timestamp.from(run.createdAt()));
      statement.setLong(4, after);
      statement.setLong(5, below);
      return seqs(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("reading seqs of run " + run.runId() + " failed", e);
    }
  }

  /** An event as stored: its seq and its JSON text, as PostgreSQL writes the {@code jsonb} out. */
  record StoredEvent(long seq, String json) {}

  /**
   * Events of the run after {@code after} with {@code seq <= until} or at or above {@code
   * systemFrom} (the control plane's own), in seq order, at most {@code limit}.
   */
  List<RunEvent> read(RunKey run, long after, long until, long systemFrom, int limit) {
    return readStored(run, after, until, systemFrom, limit).stream()
        .map(event -> parse(event.json()))
        .toList();
  }

  /** {@link #read}, with each event's text as stored, not parsed. */
  List<StoredEvent> readStored(RunKey run, long after, long until, long systemFrom, int limit) {
    return Sql.list(
        transactions.connection(),
        "select seq, body::text from run_events where org_id = ? and run_id = ?"
            + " and run_created_at = ? and seq > ? and (seq <= ? or seq >= ?)"
            + " order by seq limit ?",
        rs -> new StoredEvent(rs.getLong(1), rs.getString(2)),
        run.orgId(),
        run.runId(),
        Timestamp.from(run.createdAt()),
        after,
        until,
        systemFrom,
        limit);
  }

  /** The latest {@code step_started} of a step in the run, to place a failure on its partition. */
  Optional<StepStarted> stepStarted(RunKey run, String stepKey) {
    return Sql.first(
            transactions.connection(),
            "select body::text from run_events where org_id = ? and run_id = ?"
                + " and run_created_at = ? and type = 'step_started' and step_key = ?"
                + " order by seq desc limit 1",
            rs -> rs.getString(1),
            run.orgId(),
            run.runId(),
            Timestamp.from(run.createdAt()),
            stepKey)
        .map(text -> (StepStarted) parse(text));
  }

  private RunEvent parse(String text) {
    try {
      return json.readValue(text, RUN_EVENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String write(RunEvent event) {
    try {
      return new String(
          json.writeValueAsBytes(RUN_EVENT, event), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
