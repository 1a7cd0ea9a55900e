package dev.materia.controlplane.events;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.RunEvent;
import dev.materia.api.StepStarted;
import dev.materia.controlplane.tenancy.TenantTransactions;
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
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * SQL of the run event log ({@code run_events}, partitioned by the run's creation month) and of the
 * asset index ingestion keeps: latest materializations, their history, partition status and check
 * results. Joins the open tenant transaction; every statement filters by organization.
 */
@Singleton
final class EventLog {
  private static final Argument<RunEvent> RUN_EVENT = Argument.of(RunEvent.class);

  private final TenantTransactions transactions;
  private final JsonMapper json;

  EventLog(TenantTransactions transactions, JsonMapper json) {
    this.transactions = transactions;
    this.json = json;
  }

  /** The run identity the log needs: its partition key and deployment. */
  record RunKey(UUID orgId, UUID runId, UUID deploymentId, Instant createdAt) {}

  /**
   * Appends events in one multi-row INSERT; seqs already stored are skipped. Returns the seqs that
   * were new.
   */
  NavigableSet<Long> append(RunKey run, List<RunEvent> events) {
    int n = events.size();
    Long[] seqs = new Long[n];
    String[] types = new String[n];
    String[] ats = new String[n];
    String[] steps = new String[n];
    String[] bodies = new String[n];
    for (int i = 0; i < n; i++) {
      RunEvent event = events.get(i);
      seqs[i] = event.seq();
      types[i] = EventTypes.of(event);
      ats[i] = event.timestamp().toString();
      steps[i] = EventTypes.stepKey(event);
      bodies[i] = write(event);
    }
    NavigableSet<Long> inserted = new TreeSet<>();
    try {
      Connection connection = transactions.connection();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "insert into run_events (org_id, run_id, run_created_at, seq, type, at, step_key,"
                  + " body) select ?, ?, ?, u.seq, u.type, u.at::timestamptz, u.step,"
                  + " u.body::jsonb from unnest(?::bigint[], ?::text[], ?::text[], ?::text[],"
                  + " ?::text[]) as u(seq, type, at, step, body)"
                  + " on conflict do nothing returning seq")) {
        statement.setObject(1, run.orgId());
        statement.setObject(2, run.runId());
        statement.setTimestamp(3, Timestamp.from(run.createdAt()));
        statement.setArray(4, connection.createArrayOf("bigint", seqs));
        statement.setArray(5, connection.createArrayOf("text", types));
        statement.setArray(6, connection.createArrayOf("text", ats));
        statement.setArray(7, connection.createArrayOf("text", steps));
        statement.setArray(8, connection.createArrayOf("text", bodies));
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            inserted.add(rs.getLong(1));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("appending events of run " + run.runId() + " failed", e);
    }
    return inserted;
  }

  /** Stored seqs of the run above {@code after}. */
  NavigableSet<Long> seqsAbove(RunKey run, long after) {
    NavigableSet<Long> seqs = new TreeSet<>();
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "select seq from run_events where org_id = ? and run_id = ?"
                    + " and run_created_at = ? and seq > ? order by seq")) {
      statement.setObject(1, run.orgId());
      statement.setObject(2, run.runId());
      statement.setTimestamp(3, Timestamp.from(run.createdAt()));
      statement.setLong(4, after);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
      return seqs;
    } catch (SQLException e) {
      throw new IllegalStateException("reading seqs of run " + run.runId() + " failed", e);
    }
  }

  /** Events of the run with {@code after < seq <= until}, in seq order, at most {@code limit}. */
  List<RunEvent> read(RunKey run, long after, long until, int limit) {
    List<RunEvent> events = new ArrayList<>();
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "select body::text from run_events where org_id = ? and run_id = ?"
                    + " and run_created_at = ? and seq > ? and seq <= ? order by seq limit ?")) {
      statement.setObject(1, run.orgId());
      statement.setObject(2, run.runId());
      statement.setTimestamp(3, Timestamp.from(run.createdAt()));
      statement.setLong(4, after);
      statement.setLong(5, until);
      statement.setInt(6, limit);
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

  /** Index updates of one batch, sent as JDBC batches (one round trip per statement kind). */
  final class IndexBatch implements AutoCloseable {
    private final RunKey run;
    private final PreparedStatement latest;
    private final PreparedStatement history;
    private final PreparedStatement partition;
    private final PreparedStatement check;
    private int pending;

    IndexBatch(RunKey run) throws SQLException {
      this.run = run;
      Connection c = transactions.connection();
      latest =
          c.prepareStatement(
              "insert into asset_materializations_latest as l (org_id, deployment_id, asset_key,"
                  + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                  + " metadata) values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))"
                  + " on conflict (org_id, deployment_id, asset_key, partition_key) do update set"
                  + " run_id = excluded.run_id, seq = excluded.seq,"
                  + " materialized_at = excluded.materialized_at,"
                  + " data_version = excluded.data_version, code_version = excluded.code_version,"
                  + " metadata = excluded.metadata"
                  + " where l.materialized_at <= excluded.materialized_at");
      history =
          c.prepareStatement(
              "insert into asset_materializations (org_id, deployment_id, asset_key,"
                  + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                  + " metadata) values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))"
                  + " on conflict (run_id, seq) do nothing");
      partition =
          c.prepareStatement(
              "insert into asset_partitions as p (org_id, deployment_id, asset_key, partition_key,"
                  + " status, run_id, updated_at) values (?, ?, ?, ?, ?, ?, ?)"
                  + " on conflict (org_id, deployment_id, asset_key, partition_key) do update set"
                  + " status = excluded.status, run_id = excluded.run_id,"
                  + " updated_at = excluded.updated_at where p.updated_at <= excluded.updated_at");
      check =
          c.prepareStatement(
              "insert into asset_check_results as r (org_id, deployment_id, asset_key,"
                  + " check_name, partition_key, passed, severity, blocking, description,"
                  + " metadata, run_id, seq, evaluated_at)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)"
                  + " on conflict (org_id, deployment_id, asset_key, check_name, partition_key)"
                  + " do update set passed = excluded.passed, severity = excluded.severity,"
                  + " blocking = excluded.blocking, description = excluded.description,"
                  + " metadata = excluded.metadata, run_id = excluded.run_id, seq = excluded.seq,"
                  + " evaluated_at = excluded.evaluated_at"
                  + " where r.evaluated_at <= excluded.evaluated_at");
    }

    void materialized(AssetMaterialized event) throws SQLException {
      for (PreparedStatement s : List.of(latest, history)) {
        s.setObject(1, run.orgId());
        s.setObject(2, run.deploymentId());
        s.setString(3, event.assetKey());
        s.setString(
            4, event.partitionKey() == null ? (s == latest ? "" : null) : event.partitionKey());
        s.setObject(5, run.runId());
        s.setLong(6, event.seq());
        s.setTimestamp(7, Timestamp.from(event.timestamp()));
        s.setString(8, event.dataVersion());
        s.setString(9, event.codeVersion());
        s.setString(10, write(event.metadata()));
        s.addBatch();
      }
      if (event.partitionKey() != null) {
        partition(event.assetKey(), event.partitionKey(), "materialized", event.timestamp());
      }
      pending++;
    }

    void partition(String assetKey, @Nullable String partitionKey, String status, Instant at)
        throws SQLException {
      if (partitionKey == null) {
        return;
      }
      partition.setObject(1, run.orgId());
      partition.setObject(2, run.deploymentId());
      partition.setString(3, assetKey);
      partition.setString(4, partitionKey);
      partition.setString(5, status);
      partition.setObject(6, run.runId());
      partition.setTimestamp(7, Timestamp.from(at));
      partition.addBatch();
      pending++;
    }

    void checked(CheckEvaluated event) throws SQLException {
      check.setObject(1, run.orgId());
      check.setObject(2, run.deploymentId());
      check.setString(3, event.assetKey());
      check.setString(4, event.checkName());
      check.setString(5, event.partitionKey() == null ? "" : event.partitionKey());
      check.setBoolean(6, event.passed());
      check.setString(7, event.severity().name());
      check.setBoolean(8, event.blocking());
      check.setString(9, event.description());
      check.setString(10, write(event.metadata()));
      check.setObject(11, run.runId());
      check.setLong(12, event.seq());
      check.setTimestamp(13, Timestamp.from(event.timestamp()));
      check.addBatch();
      pending++;
    }

    /** Sends the batched statements; partitions last, after the materializations they follow. */
    void flush() throws SQLException {
      if (pending == 0) {
        return;
      }
      latest.executeBatch();
      history.executeBatch();
      check.executeBatch();
      partition.executeBatch();
      pending = 0;
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement s : List.of(latest, history, partition, check)) {
        s.close();
      }
    }
  }

  IndexBatch index(RunKey run) {
    try {
      return new IndexBatch(run);
    } catch (SQLException e) {
      throw new IllegalStateException("preparing the asset index failed", e);
    }
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

  @SuppressWarnings("unused")
  private static Map<String, Object> none() {
    return Map.of();
  }
}
