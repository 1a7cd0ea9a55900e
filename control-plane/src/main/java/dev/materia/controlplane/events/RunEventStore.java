package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.RunEvent;
import dev.materia.api.StepStarted;
import dev.materia.controlplane.access.TenantTransactions;
import io.micronaut.core.annotation.Nullable;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of the run event log ({@code run_events}, partitioned by the run's creation month, written
 * with one {@code INSERT ... SELECT FROM unnest(...)} per batch) and of the asset index ingestion
 * keeps: latest materializations, their history, partition status and check results. Joins the open
 * tenant transaction; every statement filters by organization.
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

  /**
   * Events of the run after {@code after} with {@code seq <= until} or at or above {@code
   * systemFrom} (the control plane's own), in seq order, at most {@code limit}.
   */
  List<RunEvent> read(RunKey run, long after, long until, long systemFrom, int limit) {
    List<RunEvent> events = new ArrayList<>();
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "select body::text from run_events where org_id = ? and run_id = ?"
                    + " and run_created_at = ? and seq > ? and (seq <= ? or seq >= ?)"
                    + " order by seq limit ?")) {
      statement.setObject(1, run.orgId());
      statement.setObject(2, run.runId());
      statement.setTimestamp(3, Timestamp.from(run.createdAt()));
      statement.setLong(4, after);
      statement.setLong(5, until);
      statement.setLong(6, systemFrom);
      statement.setInt(7, limit);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          events.add(json.readValue(rs.getString(1), RUN_EVENT));
        }
      }
      return events;
    } catch (SQLException e) {
      throw new IllegalStateException("reading events of run " + run.runId() + " failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The latest {@code step_started} of a step in the run, to place a failure on its partition. */
  Optional<StepStarted> stepStarted(RunKey run, String stepKey) {
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "select body::text from run_events where org_id = ? and run_id = ?"
                    + " and run_created_at = ? and type = 'step_started' and step_key = ?"
                    + " order by seq desc limit 1")) {
      statement.setObject(1, run.orgId());
      statement.setObject(2, run.runId());
      statement.setTimestamp(3, Timestamp.from(run.createdAt()));
      statement.setString(4, stepKey);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next()
            ? Optional.of((StepStarted) json.readValue(rs.getString(1), RUN_EVENT))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading step " + stepKey + " failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Index updates of one batch, each kind sent as one multi-row statement over arrays. Rows are
   * reduced to the last per key and sorted by key, so one statement never touches a row twice and
   * concurrent batches lock shared rows in the same order.
   */
  final class IndexBatch implements AutoCloseable {
    private final RunKey run;
    private final List<AssetMaterialized> materializations = new ArrayList<>();
    private final Map<List<String>, Object[]> partitions = new java.util.TreeMap<>(KEYS);
    private final Map<List<String>, CheckEvaluated> checks = new java.util.TreeMap<>(KEYS);

    IndexBatch(RunKey run) {
      this.run = run;
    }

    void materialized(AssetMaterialized event) {
      materializations.add(event);
      if (event.partitionKey() != null) {
        partition(event.assetKey(), event.partitionKey(), "materialized", event.timestamp());
      }
    }

    void partition(String assetKey, @Nullable String partitionKey, String status, Instant at) {
      if (partitionKey != null) {
        partitions.put(List.of(assetKey, partitionKey), new Object[] {status, at});
      }
    }

    void checked(CheckEvaluated event) {
      checks.put(
          List.of(
              event.assetKey(),
              event.checkName(),
              event.partitionKey() == null ? "" : event.partitionKey()),
          event);
    }

    /** Sends the statements; partitions last, after the materializations they follow. */
    void flush() throws SQLException {
      Connection c = transactions.connection();
      if (!materializations.isEmpty()) {
        Map<List<String>, AssetMaterialized> latest = new java.util.TreeMap<>(KEYS);
        for (AssetMaterialized m : materializations) {
          latest.merge(
              List.of(m.assetKey(), m.partitionKey() == null ? "" : m.partitionKey()),
              m,
              (a, b) -> b.timestamp().isBefore(a.timestamp()) ? a : b);
        }
        materializations(
            c,
            "insert into asset_materializations_latest as l (org_id, deployment_id, asset_key,"
                + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                + " metadata) select ?, ?, u.asset, coalesce(u.part, ''), ?, u.seq,"
                + " u.at::timestamptz, u.dv, u.cv, u.md::jsonb from unnest(?::text[], ?::text[],"
                + " ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " as u(asset, part, seq, at, dv, cv, md)"
                + " on conflict (org_id, deployment_id, asset_key, partition_key) do update set"
                + " run_id = excluded.run_id, seq = excluded.seq,"
                + " materialized_at = excluded.materialized_at,"
                + " data_version = excluded.data_version, code_version = excluded.code_version,"
                + " metadata = excluded.metadata"
                + " where l.materialized_at <= excluded.materialized_at",
            List.copyOf(latest.values()));
        materializations(
            c,
            "insert into asset_materializations (org_id, deployment_id, asset_key,"
                + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                + " metadata) select ?, ?, u.asset, u.part, ?, u.seq, u.at::timestamptz, u.dv,"
                + " u.cv, u.md::jsonb from unnest(?::text[], ?::text[], ?::bigint[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[]) as u(asset, part, seq, at, dv, cv, md)"
                + " on conflict (run_id, seq) do nothing",
            materializations);
      }
      if (!checks.isEmpty()) {
        List<CheckEvaluated> rows = List.copyOf(checks.values());
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into asset_check_results as r (org_id, deployment_id, asset_key,"
                    + " check_name, partition_key, passed, severity, blocking, description,"
                    + " metadata, run_id, seq, evaluated_at) select ?, ?, u.asset, u.name,"
                    + " u.part, u.passed, u.severity, u.blocking, u.description, u.md::jsonb, ?,"
                    + " u.seq, u.at::timestamptz from unnest(?::text[], ?::text[], ?::text[],"
                    + " ?::boolean[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::bigint[],"
                    + " ?::text[]) as u(asset, name, part, passed, severity, blocking,"
                    + " description, md, seq, at)"
                    + " on conflict (org_id, deployment_id, asset_key, check_name, partition_key)"
                    + " do update set passed = excluded.passed, severity = excluded.severity,"
                    + " blocking = excluded.blocking, description = excluded.description,"
                    + " metadata = excluded.metadata, run_id = excluded.run_id,"
                    + " seq = excluded.seq, evaluated_at = excluded.evaluated_at"
                    + " where r.evaluated_at <= excluded.evaluated_at")) {
          s.setObject(1, run.orgId());
          s.setObject(2, run.deploymentId());
          s.setObject(3, run.runId());
          s.setArray(4, c.createArrayOf("text", map(rows, CheckEvaluated::assetKey)));
          s.setArray(5, c.createArrayOf("text", map(rows, CheckEvaluated::checkName)));
          s.setArray(
              6,
              c.createArrayOf(
                  "text", map(rows, e -> e.partitionKey() == null ? "" : e.partitionKey())));
          s.setArray(7, c.createArrayOf("boolean", rows.stream().map(e -> e.passed()).toArray()));
          s.setArray(8, c.createArrayOf("text", map(rows, e -> e.severity().name())));
          s.setArray(9, c.createArrayOf("boolean", rows.stream().map(e -> e.blocking()).toArray()));
          s.setArray(10, c.createArrayOf("text", map(rows, CheckEvaluated::description)));
          s.setArray(11, c.createArrayOf("text", map(rows, e -> write(e.metadata()))));
          s.setArray(12, c.createArrayOf("bigint", rows.stream().map(e -> e.seq()).toArray()));
          s.setArray(13, c.createArrayOf("text", map(rows, e -> e.timestamp().toString())));
          s.executeUpdate();
        }
      }
      if (!partitions.isEmpty()) {
        List<List<String>> keys = List.copyOf(partitions.keySet());
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into asset_partitions as p (org_id, deployment_id, asset_key,"
                    + " partition_key, status, run_id, updated_at) select ?, ?, u.asset, u.part,"
                    + " u.status, ?, u.at::timestamptz from unnest(?::text[], ?::text[],"
                    + " ?::text[], ?::text[]) as u(asset, part, status, at)"
                    + " on conflict (org_id, deployment_id, asset_key, partition_key) do update"
                    + " set status = excluded.status, run_id = excluded.run_id,"
                    + " updated_at = excluded.updated_at where p.updated_at <= excluded.updated_at")) {
          s.setObject(1, run.orgId());
          s.setObject(2, run.deploymentId());
          s.setObject(3, run.runId());
          s.setArray(4, c.createArrayOf("text", map(keys, k -> k.get(0))));
          s.setArray(5, c.createArrayOf("text", map(keys, k -> k.get(1))));
          s.setArray(6, c.createArrayOf("text", map(keys, k -> (String) partitions.get(k)[0])));
          s.setArray(7, c.createArrayOf("text", map(keys, k -> partitions.get(k)[1].toString())));
          s.executeUpdate();
        }
      }
    }

    private void materializations(Connection c, String sql, List<AssetMaterialized> rows)
        throws SQLException {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setObject(1, run.orgId());
        s.setObject(2, run.deploymentId());
        s.setObject(3, run.runId());
        s.setArray(4, c.createArrayOf("text", map(rows, AssetMaterialized::assetKey)));
        s.setArray(5, c.createArrayOf("text", map(rows, AssetMaterialized::partitionKey)));
        s.setArray(6, c.createArrayOf("bigint", rows.stream().map(e -> e.seq()).toArray()));
        s.setArray(7, c.createArrayOf("text", map(rows, e -> e.timestamp().toString())));
        s.setArray(8, c.createArrayOf("text", map(rows, AssetMaterialized::dataVersion)));
        s.setArray(9, c.createArrayOf("text", map(rows, AssetMaterialized::codeVersion)));
        s.setArray(10, c.createArrayOf("text", map(rows, e -> write(e.metadata()))));
        s.executeUpdate();
      }
    }

    @Override
    public void close() {}
  }

  private static final java.util.Comparator<List<String>> KEYS =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  private static <T> String[] map(List<T> rows, java.util.function.Function<T, String> f) {
    return rows.stream().map(f).toArray(String[]::new);
  }

  IndexBatch index(RunKey run) {
    return new IndexBatch(run);
  }

  private String write(Object value) {
    try {
      return value instanceof RunEvent event
          ? new String(
              json.writeValueAsBytes(RUN_EVENT, event), java.nio.charset.StandardCharsets.UTF_8)
          : json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
