package dev.materia.controlplane.assets;

import dev.materia.api.AssetMaterialized;
import dev.materia.api.CheckEvaluated;
import dev.materia.controlplane.access.TenantTransactions;
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

  /** A partition's status as {@code asset_partitions} stores it. */
  public enum PartitionStatus {
    MATERIALIZED,
    FAILED,
    IN_PROGRESS;

    String sql() {
      return name().toLowerCase(java.util.Locale.ROOT);
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
            run,
            c,
            "insert into asset_materializations (org_id, deployment_id, asset_key,"
                + " partition_key, run_id, seq, materialized_at, data_version, code_version,"
                + " metadata) select ?, ?, u.asset, u.part, ?, u.seq, u.at::timestamptz, u.dv,"
                + " u.cv, u.md::jsonb from unnest(?::text[], ?::text[], ?::bigint[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[]) as u(asset, part, seq, at, dv, cv, md)"
                + " on conflict (run_id, seq) do nothing",
            materialized);
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

  private void materializations(
      IndexedRun run, Connection c, String sql, List<AssetMaterialized> rows) throws SQLException {
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
