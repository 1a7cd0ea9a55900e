package dev.materia.controlplane.assets;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.api.RunStatus;
import dev.materia.controlplane.access.TenantTransactions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The asset index ingestion keeps, which the catalog reads: latest materializations, their history,
 * partition status and check results. Each kind of a batch's updates goes as one multi-row
 * statement over arrays; rows are reduced to the last per key and sorted by key, so one statement
 * never touches a row twice and concurrent batches lock shared rows in the same order. Joins the
 * open tenant transaction.
 */
@Singleton
public final class MaterializationIndex {
  private final TenantTransactions transactions;
  private final JsonMapper json;

  MaterializationIndex(TenantTransactions transactions, JsonMapper json) {
    this.transactions = transactions;
    this.json = json;
  }

  /** The run whose events the updates come from. */
  public record IndexedRun(UUID orgId, UUID deploymentId, UUID runId) {}

  /**
   * A partition's status as {@code asset_partitions} stores it (an unpartitioned asset's under
   * partition key {@code ''}).
   */
  public enum PartitionStatus {
    MATERIALIZED,
    FAILED,
    IN_PROGRESS;

    String sql() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static @Nullable PartitionStatus ofSql(@Nullable String status) {
      return status == null ? null : valueOf(status.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * What a partition a run left in progress becomes when the run ends {@code end}: MATERIALIZED
     * when it was materialized since its step started, else FAILED when the run failed, else (a
     * success that never reached it, a cancel) what it was before its step started, null meaning no
     * row (never materialized).
     */
    public static @Nullable PartitionStatus afterRunEnded(
        RunStatus end, boolean materializedSinceStart, @Nullable PartitionStatus before) {
      if (materializedSinceStart) {
        return MATERIALIZED;
      }
      if (end == RunStatus.FAILURE) {
        return FAILED;
      }
      return before == IN_PROGRESS ? null : before;
    }
  }

  /** A partition of an asset that reached {@code status} at {@code at}; later ones win. */
  public record PartitionUpdate(
      String assetKey, String partitionKey, PartitionStatus status, Instant at) {}

  /**
   * Writes one batch's updates, each list in seq order; partitions last, after the materializations
   * they follow.
   */
  public void write(
      IndexedRun run,
      List<AssetMaterialized> materialized,
      List<PartitionUpdate> partitionUpdates,
      List<CheckEvaluated> checked) {
    Map<List<String>, PartitionUpdate> partitions = new java.util.TreeMap<>(KEYS);
    for (PartitionUpdate p : partitionUpdates) {
      partitions.put(List.of(p.assetKey(), p.partitionKey()), p);
    }
    Map<List<String>, CheckEvaluated> checks = new java.util.TreeMap<>(KEYS);
    for (CheckEvaluated event : checked) {
      checks.put(
          List.of(
              event.assetKey(),
              event.checkName(),
              event.partitionKey() == null ? "" : event.partitionKey()),
          event);
    }
    try {
      Connection c = transactions.connection();
      if (!materialized.isEmpty()) {
        Map<List<String>, AssetMaterialized> latest = new java.util.TreeMap<>(KEYS);
        for (AssetMaterialized m : materialized) {
          latest.merge(
              List.of(m.assetKey(), m.partitionKey() == null ? "" : m.partitionKey()),
              m,
              (a, b) -> b.timestamp().isBefore(a.timestamp()) ? a : b);
        }
        materializations(
            run,
            c,
            "insert into asset_materializations_latest as l (org_id, deployment_id, asset_key,"
                + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                + " metadata, input_data_versions) select ?, ?, u.asset, coalesce(u.part, ''), ?,"
                + " u.seq, u.at::timestamptz, u.dv, u.cv, u.md::jsonb, u.inputs::jsonb from"
                + " unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[]) as u(asset, part, seq, at, dv, cv, md, inputs)"
                + " on conflict (org_id, deployment_id, asset_key, partition_key) do update set"
                + " run_id = excluded.run_id, seq = excluded.seq,"
                + " materialized_at = excluded.materialized_at,"
                + " data_version = excluded.data_version, code_version = excluded.code_version,"
                + " metadata = excluded.metadata,"
                + " input_data_versions = excluded.input_data_versions"
                + " where l.materialized_at <= excluded.materialized_at",
            List.copyOf(latest.values()),
            true);
        materializations(
            run,
            c,
            "insert into asset_materializations (org_id, deployment_id, asset_key,"
                + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                + " metadata) select ?, ?, u.asset, u.part, ?, u.seq, u.at::timestamptz, u.dv,"
                + " u.cv, u.md::jsonb from unnest(?::text[], ?::text[], ?::bigint[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[]) as u(asset, part, seq, at, dv, cv, md)"
                + " on conflict (run_id, seq) do nothing",
            materialized,
            false);
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
                    + " updated_at = excluded.updated_at, previous_status = case when"
                    + " excluded.status <> 'in_progress' then null when p.status = 'in_progress'"
                    + " then p.previous_status else p.status end"
                    + " where p.updated_at <= excluded.updated_at")) {
          s.setObject(1, run.orgId());
          s.setObject(2, run.deploymentId());
          s.setObject(3, run.runId());
          s.setArray(4, c.createArrayOf("text", map(keys, k -> k.get(0))));
          s.setArray(5, c.createArrayOf("text", map(keys, k -> k.get(1))));
          s.setArray(6, c.createArrayOf("text", map(keys, k -> partitions.get(k).status().sql())));
          s.setArray(7, c.createArrayOf("text", map(keys, k -> partitions.get(k).at().toString())));
          s.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "updating the asset index of run " + run.runId() + " failed", e);
    }
  }

  /**
   * Settles every (asset, partition) run {@code run} left in progress now that it ended {@code
   * end}, as {@link PartitionStatus#afterRunEnded} says. Joins the open tenant transaction.
   */
  public void settle(IndexedRun run, RunStatus end) {
    Connection c = transactions.connection();
    List<String[]> rows = new java.util.ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select p.asset_key, p.partition_key, p.previous_status, coalesce(m.materialized_at"
                + " >= p.updated_at, false) from asset_partitions p left join"
                + " asset_materializations_latest m on m.org_id = p.org_id and m.deployment_id ="
                + " p.deployment_id and m.asset_key = p.asset_key and m.partition_key ="
                + " p.partition_key where p.org_id = ? and p.run_id = ? and p.deployment_id = ?"
                + " and p.status = 'in_progress' order by p.asset_key, p.partition_key")) {
      s.setObject(1, run.orgId());
      s.setObject(2, run.runId());
      s.setObject(3, run.deploymentId());
      try (java.sql.ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          PartitionStatus after =
              PartitionStatus.afterRunEnded(
                  end, rs.getBoolean(4), PartitionStatus.ofSql(rs.getString(3)));
          rows.add(
              new String[] {rs.getString(1), rs.getString(2), after == null ? null : after.sql()});
        }
      }
      if (rows.isEmpty()) {
        return;
      }
      try (PreparedStatement delete =
          c.prepareStatement(
              "delete from asset_partitions p using unnest(?::text[], ?::text[], ?::text[]) as"
                  + " u(asset, part, status) where u.status is null and p.org_id = ? and"
                  + " p.deployment_id = ? and p.asset_key = u.asset and p.partition_key = u.part"
                  + " and p.run_id = ? and p.status = 'in_progress'")) {
        settleArgs(c, delete, run, rows);
        delete.executeUpdate();
      }
      try (PreparedStatement update =
          c.prepareStatement(
              "update asset_partitions p set status = u.status, previous_status = null from"
                  + " unnest(?::text[], ?::text[], ?::text[]) as u(asset, part, status) where u.status is not null and"
                  + " p.org_id = ? and p.deployment_id = ? and p.asset_key = u.asset and"
                  + " p.partition_key = u.part and p.run_id = ? and p.status = 'in_progress'")) {
        settleArgs(c, update, run, rows);
        update.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "settling the asset partitions of run " + run.runId() + " failed", e);
    }
  }

  private static void settleArgs(
      Connection c, PreparedStatement s, IndexedRun run, List<String[]> rows) throws SQLException {
    s.setArray(1, c.createArrayOf("text", rows.stream().map(r -> r[0]).toArray()));
    s.setArray(2, c.createArrayOf("text", rows.stream().map(r -> r[1]).toArray()));
    s.setArray(3, c.createArrayOf("text", rows.stream().map(r -> r[2]).toArray()));
    s.setObject(4, run.orgId());
    s.setObject(5, run.deploymentId());
    s.setObject(6, run.runId());
  }

  private void materializations(
      IndexedRun run, Connection c, String sql, List<AssetMaterialized> rows, boolean withInputs)
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
      if (withInputs) {
        s.setArray(11, c.createArrayOf("text", map(rows, e -> write(e.inputDataVersions()))));
      }
      s.executeUpdate();
    }
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

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
