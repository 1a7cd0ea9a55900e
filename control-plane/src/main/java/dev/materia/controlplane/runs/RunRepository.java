package dev.materia.controlplane.runs;

import dev.materia.api.RunStatus;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.signals.Signals;
import dev.materia.controlplane.sql.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SQL for {@code runs}, on the open tenant transaction's connection. Every statement filters by
 * organization (RLS is the second wall).
 */
@Singleton
final class RunRepository {
  private static final String COLUMNS =
      "r.id, r.org_id, r.deployment_id, d.name as deployment, r.code_location, r.selection,"
          + " r.partition_key, r.partition_range_first, r.partition_range_last, r.tags::text,"
          + " r.asset_keys,"
          + " r.status, r.status_message, r.created_at, r.created_by, r.started_at,"
          + " r.finished_at, r.cancel_requested_at, r.last_heard_at, r.contiguous_seq,"
          + " r.max_seq";
  private static final String FROM =
      " from runs r join deployments d on d.org_id = r.org_id and d.id = r.deployment_id";

  private final TenantTransactions transactions;
  private final JsonMapper json;

  RunRepository(TenantTransactions transactions, JsonMapper json) {
    this.transactions = transactions;
    this.json = json;
  }

  void insert(RunRow run) {
    update(
        "insert into runs (id, org_id, deployment_id, code_location, selection, partition_key,"
            + " partition_range_first, partition_range_last, tags, asset_keys, status, created_at,"
            + " created_by) values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)",
        run.id(),
        run.orgId(),
        run.deploymentId(),
        run.codeLocation(),
        run.selection(),
        run.partitionKey(),
        run.partitionRangeFirst(),
        run.partitionRangeLast(),
        write(run.tags()),
        run.assetKeys().toArray(String[]::new),
        run.status().name(),
        Timestamp.from(run.createdAt()),
        run.createdBy());
  }

  Optional<RunRow> find(UUID orgId, UUID id, boolean forUpdate) {
    return find(orgId, id, forUpdate ? " for update of r" : "");
  }

  /** The run locked, or empty when it is gone or another transaction holds it. */
  Optional<RunRow> lockIfFree(UUID orgId, UUID id) {
    return find(orgId, id, " for update of r skip locked");
  }

  private Optional<RunRow> find(UUID orgId, UUID id, String lock) {
    return query("select " + COLUMNS + FROM + " where r.org_id = ? and r.id = ?" + lock, orgId, id)
        .stream()
        .findFirst();
  }

  /** Runs of a deployment, newest first, after the cursor {@code (beforeAt, beforeId)}. */
  List<RunRow> page(
      UUID orgId,
      UUID deploymentId,
      Collection<RunStatus> statuses,
      @Nullable Map<String, String> tag,
      @Nullable Instant createdFrom,
      @Nullable Instant createdUntil,
      @Nullable Instant beforeAt,
      @Nullable UUID beforeId,
      int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select " + COLUMNS + FROM + " where r.org_id = ? and r.deployment_id = ?");
    List<Object> args = new ArrayList<>(List.of(orgId, deploymentId));
    if (!statuses.isEmpty()) {
      sql.append(" and r.status = any(?)");
      args.add(statuses.stream().map(Enum::name).toArray(String[]::new));
    }
    if (tag != null) {
      sql.append(" and r.tags @> cast(? as jsonb)");
      args.add(write(tag));
    }
    if (createdFrom != null) {
      sql.append(" and r.created_at >= ?");
      args.add(Timestamp.from(createdFrom));
    }
    if (createdUntil != null) {
      sql.append(" and r.created_at < ?");
      args.add(Timestamp.from(createdUntil));
    }
    if (beforeAt != null) {
      sql.append(" and (r.created_at, r.id) < (?, ?)");
      args.add(Timestamp.from(beforeAt));
      args.add(beforeId);
    }
    sql.append(" order by r.created_at desc, r.id desc limit ?");
    args.add(limit);
    return query(sql.toString(), args.toArray());
  }

  /**
   * Sets the status; a start is kept once set, and null {@code startedAt}/{@code finishedAt} keep
   * theirs.
   */
  void updateStatus(
      UUID orgId,
      UUID id,
      RunStatus status,
      @Nullable String message,
      @Nullable Instant startedAt,
      @Nullable Instant finishedAt) {
    update(
        "update runs set status = ?, status_message = coalesce(?, status_message),"
            + " started_at = coalesce(started_at, ?::timestamptz),"
            + " finished_at = coalesce(?::timestamptz, finished_at),"
            + " last_heard_at = now() where org_id = ? and id = ?",
        status.name(),
        message,
        startedAt == null ? null : Timestamp.from(startedAt),
        finishedAt == null ? null : Timestamp.from(finishedAt),
        orgId,
        id);
  }

  void requestCancel(UUID orgId, UUID id) {
    update(
        "update runs set cancel_requested_at = coalesce(cancel_requested_at, now())"
            + " where org_id = ? and id = ?",
        orgId,
        id);
  }

  void heard(UUID orgId, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return;
    }
    // Locks in id order, so two heartbeats naming the same runs never wait on each other in turn.
    update(
        "update runs set last_heard_at = now() where org_id = ? and id in (select id from runs"
            + " where org_id = ? and id = any(?) order by id for update)",
        orgId,
        orgId,
        ids.toArray(UUID[]::new));
  }

  /** Those of {@code ids} that are runs of {@code deploymentIds}; reads, locks nothing. */
  Set<UUID> inDeployments(UUID orgId, Collection<UUID> deploymentIds, Collection<UUID> ids) {
    Set<UUID> found = new HashSet<>();
    if (ids.isEmpty() || deploymentIds.isEmpty()) {
      return found;
    }
    try (PreparedStatement statement =
            prepare(
                "select id from runs where org_id = ? and id = any(?) and deployment_id = any(?)",
                orgId,
                ids.toArray(UUID[]::new),
                deploymentIds.toArray(UUID[]::new));
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        found.add(rs.getObject(1, UUID.class));
      }
      return found;
    } catch (SQLException e) {
      throw new IllegalStateException("runs query failed: " + e.getMessage(), e);
    }
  }

  void sequences(UUID orgId, UUID id, long contiguousSeq, long maxSeq, boolean wake) {
    String update =
        "update runs set contiguous_seq = ?, max_seq = ?, last_heard_at = now()"
            + " where org_id = ? and id = ?";
    try (PreparedStatement statement =
        prepare(
            wake
                ? "with u as ("
                    + update
                    + " returning id) select pg_notify('"
                    + Signals.RUN
                    + "', id::text) from u"
                : update,
            contiguousSeq,
            maxSeq,
            orgId,
            id)) {
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("runs update failed: " + e.getMessage(), e);
    }
  }

  /**
   * Live runs silent for longer than {@code silence} outside blind spells, locked for the sweeper.
   */
  List<RunRow> silent(UUID orgId, java.time.Duration silence) {
    String interval = silence.toMillis() + " milliseconds";
    return query(
        "select "
            + COLUMNS
            + FROM
            + " where r.org_id = ? and r.status in ('STARTING', 'STARTED')"
            + " and r.last_heard_at < now() - ?::interval"
            + " and materia_heard_silence(r.last_heard_at) > ?::interval"
            + " for update of r skip locked",
        orgId,
        interval,
        interval);
  }

  /** How a member of the organization is called in messages: their name, else their email. */
  Optional<String> memberName(UUID orgId, UUID userId) {
    return Sql.first(
        transactions.connection(),
        "select coalesce(nullif(btrim(u.name), ''), u.email) from memberships m"
            + " join users u on u.id = m.user_id where m.org_id = ? and m.user_id = ?",
        rs -> rs.getString(1),
        orgId,
        userId);
  }

  private List<RunRow> query(String sql, Object... args) {
    return Sql.list(transactions.connection(), sql, this::row, args);
  }

  private void update(String sql, Object... args) {
    Sql.update(transactions.connection(), sql, args);
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    return Sql.prepare(transactions.connection(), sql, args);
  }

  private RunRow row(ResultSet rs) throws SQLException {
    java.sql.Array keys = rs.getArray(11);
    return new RunRow(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        read(rs.getString(10)),
        keys == null ? List.of() : List.of((String[]) keys.getArray()),
        RunStatus.valueOf(rs.getString(12)),
        rs.getString(13),
        instant(rs, 14),
        rs.getObject(15, UUID.class),
        instant(rs, 16),
        instant(rs, 17),
        instant(rs, 18),
        instant(rs, 19),
        rs.getLong(20),
        rs.getLong(21));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  private String write(Map<String, String> tags) {
    try {
      return json.writeValueAsString(tags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> read(String tags) {
    try {
      return Map.copyOf(json.readValue(tags, Argument.mapOf(String.class, String.class)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
