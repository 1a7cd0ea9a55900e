package dev.materia.controlplane.assets;

import dev.materia.controlplane.sql.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where each asset of a set stands: its latest materialization, its own steps' state ({@code
 * asset_partitions}), its staleness with causes and its {@link AssetStatus}. The catalog, the asset
 * detail and the lineage graph all read it, so they show the same word. A fixed number of set-based
 * statements whatever the number of assets (no query per asset).
 */
final class AssetStates {
  private static final Argument<Map<String, String>> VERSIONS =
      Argument.mapOf(String.class, String.class);
  private static final Set<String> LIVE = Set.of("QUEUED", "STARTING", "STARTED");

  private AssetStates() {}

  /** What the snapshot says of an asset, as far as its state needs. */
  record Definition(String key, @Nullable String codeVersion, List<String> deps) {}

  /**
   * @param latest the newest materialization of any partition, or null
   * @param counts partitions (not the unpartitioned row) materialized, failed and in progress
   */
  record State(
      Asset.@Nullable Materialization latest,
      long[] counts,
      Staleness.Assessment staleness,
      AssetStatus status) {}

  /** A latest-materialization row with what staleness needs. */
  private record Latest(Asset.Materialization materialization, Staleness.Recorded recorded) {}

  /**
   * The state of each of {@code definitions}.
   *
   * @param every the definitions are every asset of the deployment (the lineage graph): read the
   *     index without a key filter and skip the materializations' metadata
   * @param runs each asset's newest run, from {@link AssetCatalog#latestRuns}
   */
  static Map<String, State> read(
      Connection c,
      JsonMapper json,
      UUID orgId,
      UUID deploymentId,
      List<Definition> definitions,
      boolean every,
      Map<String, Asset.LatestRun> runs)
      throws SQLException {
    Map<String, State> states = new HashMap<>(definitions.size() * 2);
    if (definitions.isEmpty()) {
      return states;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (Definition d : definitions) {
      wanted.add(d.key());
      wanted.addAll(d.deps());
    }
    Array keys =
        every ? null : c.createArrayOf("text", definitions.stream().map(Definition::key).toArray());
    Map<String, Latest> latest =
        latest(
            c,
            json,
            orgId,
            deploymentId,
            every ? null : c.createArrayOf("text", wanted.toArray()),
            every);
    // counts[0..2]: partitions materialized, failed, in progress; [3]: the unpartitioned row's
    // failed, [4]: its in progress
    Map<String, long[]> counts = new HashMap<>();
    try (PreparedStatement s =
            Sql.prepare(
                c,
                "select asset_key, partition_key = '', status, count(*) from asset_partitions"
                    + " where org_id = ? and deployment_id = ?"
                    + (every ? " and status <> 'materialized'" : " and asset_key = any(?)")
                    + " group by 1, 2, 3",
                every
                    ? new Object[] {orgId, deploymentId}
                    : new Object[] {orgId, deploymentId, keys});
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long[] n = counts.computeIfAbsent(rs.getString(1), k -> new long[5]);
        boolean own = rs.getBoolean(2);
        switch (rs.getString(3)) {
          case "materialized" -> n[0] += own ? 0 : rs.getLong(4);
          case "failed" -> n[own ? 3 : 1] += rs.getLong(4);
          default -> n[own ? 4 : 2] += rs.getLong(4);
        }
      }
    }
    Set<String> reached = reachedByLiveRuns(c, orgId, runs);
    Map<String, String> current = currentVersions(c, orgId, deploymentId, latest, definitions);
    Map<String, Instant> newest = new HashMap<>();
    latest.forEach((k, l) -> newest.put(k, l.materialization().materializedAt()));
    for (Definition d : definitions) {
      Latest l = latest.get(d.key());
      long[] n = counts.getOrDefault(d.key(), new long[5]);
      Staleness.Assessment staleness =
          Staleness.of(l == null ? null : l.recorded(), d.codeVersion(), d.deps(), current, newest);
      Asset.LatestRun run = runs.get(d.key());
      boolean awaiting =
          run != null
              && LIVE.contains(run.status())
              && !reached.contains(d.key() + "\n" + run.runId());
      AssetStatus status =
          AssetStatus.of(n[2] + n[4] > 0, awaiting, n[1] + n[3] > 0, staleness.staleness());
      states.put(
          d.key(),
          new State(
              l == null ? null : l.materialization(),
              new long[] {n[0], n[1], n[2]},
              staleness,
              status));
    }
    return states;
  }

  /** The newest latest-materialization row of each asset ({@code keys}, or all when null). */
  private static Map<String, Latest> latest(
      Connection c,
      JsonMapper json,
      UUID orgId,
      UUID deploymentId,
      @Nullable Array keys,
      boolean every)
      throws SQLException {
    Map<String, Latest> latest = new HashMap<>();
    try (PreparedStatement s =
            Sql.prepare(
                c,
                "select distinct on (asset_key) asset_key, run_id, partition_key, materialized_at,"
                    + " data_version, code_version, "
                    + (every ? "null" : "metadata::text")
                    + ", input_data_versions::text from asset_materializations_latest where"
                    + " org_id = ? and deployment_id = ?"
                    + (keys == null ? "" : " and asset_key = any(?)")
                    + " order by asset_key, materialized_at desc",
                keys == null
                    ? new Object[] {orgId, deploymentId}
                    : new Object[] {orgId, deploymentId, keys});
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String partitionKey = rs.getString(3);
        String metadata = rs.getString(7);
        Instant at = rs.getTimestamp(4).toInstant();
        Asset.Materialization m =
            new Asset.Materialization(
                rs.getObject(2, UUID.class),
                partitionKey == null || partitionKey.isEmpty() ? null : partitionKey,
                at,
                rs.getString(5),
                rs.getString(6),
                metadata == null ? Map.of() : read(json, metadata, AssetCatalog.METADATA));
        latest.put(
            rs.getString(1),
            new Latest(
                m, new Staleness.Recorded(at, rs.getString(6), versions(json, rs.getString(8)))));
      }
    }
    return latest;
  }

  /** {@code key\nrunId} for each asset a live run among {@code runs} has a state row of. */
  private static Set<String> reachedByLiveRuns(
      Connection c, UUID orgId, Map<String, Asset.LatestRun> runs) throws SQLException {
    Set<UUID> live = new HashSet<>();
    for (Asset.LatestRun run : runs.values()) {
      if (LIVE.contains(run.status())) {
        live.add(run.runId());
      }
    }
    Set<String> reached = new HashSet<>();
    if (live.isEmpty()) {
      return reached;
    }
    try (PreparedStatement s =
            Sql.prepare(
                c,
                "select distinct asset_key, run_id from asset_partitions where org_id = ? and"
                    + " run_id = any(?)",
                orgId,
                c.createArrayOf("uuid", live.toArray()));
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        reached.add(rs.getString(1) + "\n" + rs.getObject(2, UUID.class));
      }
    }
    return reached;
  }

  /**
   * The current data version of every input slot the latest materializations of {@code definitions}
   * read.
   */
  private static Map<String, String> currentVersions(
      Connection c,
      UUID orgId,
      UUID deploymentId,
      Map<String, Latest> latest,
      List<Definition> definitions)
      throws SQLException {
    Set<String> slots = new LinkedHashSet<>();
    for (Definition d : definitions) {
      Latest l = latest.get(d.key());
      if (l != null) {
        slots.addAll(l.recorded().inputDataVersions().keySet());
      }
    }
    return versionsOf(c, orgId, deploymentId, slots);
  }

  /** The current data version of each of {@code slots} ({@code key} or {@code key[partition]}). */
  static Map<String, String> versionsOf(
      Connection c, UUID orgId, UUID deploymentId, Set<String> slots) throws SQLException {
    Map<String, String> current = new HashMap<>();
    if (slots.isEmpty()) {
      return current;
    }
    List<String> assets = new ArrayList<>(slots.size());
    List<String> partitions = new ArrayList<>(slots.size());
    List<String> names = new ArrayList<>(slots.size());
    for (String slot : slots) {
      names.add(slot);
      assets.add(Staleness.assetOf(slot));
      partitions.add(Staleness.partitionOf(slot));
    }
    try (PreparedStatement s =
            Sql.prepare(
                c,
                "select u.i, l.data_version from unnest(?::text[], ?::text[]) with ordinality"
                    + " as u(asset, part, i) join asset_materializations_latest l on l.org_id = ?"
                    + " and l.deployment_id = ? and l.asset_key = u.asset and l.partition_key ="
                    + " u.part",
                c.createArrayOf("text", assets.toArray()),
                c.createArrayOf("text", partitions.toArray()),
                orgId,
                deploymentId);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        current.put(names.get((int) rs.getLong(1) - 1), rs.getString(2));
      }
    }
    return current;
  }

  static Map<String, String> versions(JsonMapper json, @Nullable String text) {
    if (text == null || text.equals("{}")) {
      return Map.of();
    }
    return read(json, text, VERSIONS);
  }

  private static <T> T read(JsonMapper json, String text, Argument<T> type) {
    try {
      return json.readValue(text, type);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON does not read back: " + text, e);
    }
  }
}
