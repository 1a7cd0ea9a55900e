package dev.materia.controlplane.assets;

import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.Cursors;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.deployments.Deployments;
import dev.materia.controlplane.sql.Sql;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a deployment's asset catalog: the assets of its latest snapshots joined with the
 * materialization index, partition status and check results that event ingestion writes. Every
 * method runs in the organization's tenant transaction and filters by organization and deployment
 * itself; row-level security is the second wall.
 */
@Singleton
public final class AssetCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(AssetCatalog.class);
  private static final Argument<Map<String, String>> TAGS =
      Argument.mapOf(String.class, String.class);
  static final Argument<Map<String, Object>> METADATA = Argument.mapOf(String.class, Object.class);
  private static final String ASSET_COLUMNS =
      "a.key, c.name, a.group_name, a.description, a.owners, a.tags::text, a.kinds,"
          + " a.code_version, a.partitions_kind, a.partitions::text, a.io_manager, a.deps";
  static final String ASSETS_FROM =
      " from assets a join code_locations c on c.org_id = a.org_id and c.id = a.code_location_id"
          + " where a.org_id = ? and a.deployment_id = ?";

  /** How many of an asset's newest runs {@link #checkHistory} reads check events from. */
  public static final int CHECK_HISTORY_RUNS = 100;

  private final TenantTransactions transactions;
  private final Deployments deployments;
  private final JsonMapper json;
  private final Clock clock;

  AssetCatalog(TenantTransactions transactions, Deployments deployments, JsonMapper json) {
    this.transactions = transactions;
    this.deployments = deployments;
    this.json = json;
    this.clock = Clock.systemUTC();
  }

  /** An asset row of the index; never leaves this package. */
  private record Row(
      String key,
      String codeLocation,
      String group,
      String description,
      List<String> owners,
      Map<String, String> tags,
      List<String> kinds,
      @Nullable String codeVersion,
      @Nullable String partitionsKind,
      @Nullable PartitionsSnapshot partitions,
      @Nullable String ioManager,
      List<String> deps) {}

  /** A page of the catalog, by key, with filters. */
  public AssetPage list(OrgScope scope, String deploymentName, CatalogQuery query) {
    Deployment deployment = deployments.require(scope, deploymentName);
    StringBuilder where = new StringBuilder();
    List<Object> args = new ArrayList<>();
    String from = ASSETS_FROM;
    args.add(scope.orgId());
    args.add(deployment.id());
    if (query.search() != null) {
      String pattern = "%" + likeEscape(query.search()) + "%";
      where.append(" and (a.key ilike ? or a.description ilike ?)");
      args.add(pattern);
      args.add(pattern);
    }
    if (query.group() != null) {
      where.append(" and a.group_name = ?");
      args.add(query.group());
    }
    if (query.owner() != null) {
      where.append(" and ? = any(a.owners)");
      args.add(query.owner());
    }
    if (query.kind() != null) {
      where.append(" and ? = any(a.kinds)");
      args.add(query.kind());
    }
    if (query.tagKey() != null) {
      if (query.tagValue() == null) {
        where.append(" and jsonb_exists(a.tags, ?)");
        args.add(query.tagKey());
      } else {
        where.append(" and a.tags @> jsonb_build_object(cast(? as text), cast(? as text))");
        args.add(query.tagKey());
        args.add(query.tagValue());
      }
    }
    if (query.codeLocation() != null) {
      where.append(" and c.name = ?");
      args.add(query.codeLocation());
    }
    if (query.status() != null) {
      return byStatus(scope.orgId(), deployment.id(), from + where, args, query);
    }
    long total = count("select count(*)" + from + where, args.toArray());
    if (query.after() != null) {
      where.append(" and a.key > ?");
      args.add(query.after());
    }
    args.add(query.limit() + 1);
    List<Row> rows =
        assets(
            "select " + ASSET_COLUMNS + from + where + " order by a.key limit ?", args.toArray());
    Cursors.Page<Row> page = Cursors.page(rows, query.limit(), Row::key);
    return new AssetPage(
        enrich(scope.orgId(), deployment.id(), page.items()), total, page.nextCursor());
  }

  /**
   * A page of the assets matching {@code fromWhere} whose {@link AssetStatus} is the query's: the
   * status of every match is computed set-based (as for a page), then filtered and paged by key.
   */
  private AssetPage byStatus(
      UUID orgId, UUID deploymentId, String fromWhere, List<Object> args, CatalogQuery query) {
    List<AssetStates.Definition> definitions =
        Sql.list(
            transactions.connection(),
            "select a.key, a.code_version, a.deps" + fromWhere + " order by a.key",
            rs -> new AssetStates.Definition(rs.getString(1), rs.getString(2), textArray(rs, 3)),
            args.toArray());
    Map<String, AssetStates.State> states;
    try {
      states = states(transactions.connection(), orgId, deploymentId, definitions).byKey();
    } catch (SQLException e) {
      throw failed(e);
    }
    List<String> matching =
        definitions.stream()
            .map(AssetStates.Definition::key)
            .filter(k -> states.get(k).status() == query.status())
            .toList();
    List<String> page =
        matching.stream()
            .filter(k -> query.after() == null || k.compareTo(query.after()) > 0)
            .limit(query.limit() + 1L)
            .toList();
    List<Row> rows =
        page.isEmpty()
            ? List.of()
            : assets(
                "select " + ASSET_COLUMNS + ASSETS_FROM + " and a.key = any(?) order by a.key",
                orgId,
                deploymentId,
                page.toArray(String[]::new));
    Cursors.Page<Row> paged = Cursors.page(rows, query.limit(), Row::key);
    return new AssetPage(
        enrich(orgId, deploymentId, paged.items()), matching.size(), paged.nextCursor());
  }

  /** One asset with its neighbours, or 404. */
  public AssetDetail detail(OrgScope scope, String deploymentName, String key) {
    Deployment deployment = deployments.require(scope, deploymentName);
    Row row = require(scope, deployment, key);
    Asset asset = enrich(scope.orgId(), deployment.id(), List.of(row)).get(0);
    List<String> downstream =
        strings(
            "select key from assets where org_id = ? and deployment_id = ? and ? = any(deps)"
                + " order by key",
            scope.orgId(),
            deployment.id(),
            key);
    return new AssetDetail(asset, row.deps(), downstream, row.partitions(), row.ioManager());
  }

  /** An asset's materializations, newest first, optionally of one partition. */
  public MaterializationPage materializations(
      OrgScope scope,
      String deploymentName,
      String key,
      @Nullable String partition,
      @Nullable String cursor,
      @Nullable Integer limit) {
    Deployment deployment = deployments.require(scope, deploymentName);
    int pageSize = CatalogQuery.limit(limit, CatalogQuery.MAX_LIMIT);
    Long before = null;
    String decoded = Cursors.decode(cursor);
    if (decoded != null) {
      try {
        before = Long.parseLong(decoded);
      } catch (NumberFormatException e) {
        throw ApiException.invalid(
            "cursor", "cursor is not one this API gave out; pass nextCursor of the previous page");
      }
    }
    require(scope, deployment, key);
    StringBuilder sql =
        new StringBuilder(
            "select id, run_id, partition_key, materialized_at, data_version, code_version,"
                + " metadata::text from asset_materializations where org_id = ? and"
                + " deployment_id = ? and asset_key = ?");
    List<Object> args = new ArrayList<>(List.of(scope.orgId(), deployment.id(), key));
    if (before != null) {
      sql.append(" and id < ?");
      args.add(before);
    }
    if (partition != null && !partition.isBlank()) {
      sql.append(" and partition_key = ?");
      args.add(partition);
    }
    sql.append(" order by id desc limit ?");
    args.add(pageSize + 1);
    List<Asset.Materialization> items = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement statement = prepare(sql.toString(), args.toArray());
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
        items.add(materialization(rs, 2));
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    if (items.size() <= pageSize) {
      return new MaterializationPage(items, null);
    }
    return new MaterializationPage(
        List.copyOf(items.subList(0, pageSize)),
        Cursors.encode(Long.toString(ids.get(pageSize - 1))));
  }

  /**
   * The partition keys of an asset that exist now, newest {@code limit} of them, and the size of
   * the range {@code first}..{@code last} when given; 404 when the asset is not partitioned.
   */
  public AssetPartitionKeys partitionKeys(
      OrgScope scope,
      String deploymentName,
      String key,
      @Nullable Integer limit,
      @Nullable String first,
      @Nullable String last) {
    Deployment deployment = deployments.require(scope, deploymentName);
    Row row = require(scope, deployment, key);
    if (row.partitions() == null) {
      throw ApiException.notFound(
          "asset '" + key + "' is not partitioned, so it has no partition keys");
    }
    return AssetPartitionKeys.of(row.partitions(), clock.instant(), limit, first, last);
  }

  /** The partitions of an asset that runs have touched, by key, optionally of one status. */
  public PartitionPage partitions(
      OrgScope scope,
      String deploymentName,
      String key,
      @Nullable String status,
      @Nullable String cursor,
      @Nullable Integer limit) {
    Deployment deployment = deployments.require(scope, deploymentName);
    int pageSize = CatalogQuery.limit(limit, CatalogQuery.MAX_LIMIT);
    String after = Cursors.decode(cursor);
    if (status != null
        && !status.isBlank()
        && !List.of("materialized", "failed", "in_progress").contains(status)) {
      throw ApiException.invalid(
          "status", "status '" + status + "' is not one of materialized, failed, in_progress");
    }
    Row row = require(scope, deployment, key);
    StringBuilder sql =
        new StringBuilder(
            "select p.partition_key, p.status, p.run_id, p.updated_at, l.materialized_at,"
                + " l.code_version, l.input_data_versions::text from asset_partitions p left join"
                + " asset_materializations_latest l on l.org_id = p.org_id and l.deployment_id ="
                + " p.deployment_id and l.asset_key = p.asset_key and l.partition_key ="
                + " p.partition_key where p.org_id = ? and p.deployment_id = ? and p.asset_key = ?"
                + " and p.partition_key <> ''");
    List<Object> args = new ArrayList<>(List.of(scope.orgId(), deployment.id(), key));
    if (status != null && !status.isBlank()) {
      sql.append(" and p.status = ?");
      args.add(status);
    }
    if (after != null) {
      sql.append(" and p.partition_key > ?");
      args.add(after);
    }
    sql.append(" order by p.partition_key limit ?");
    args.add(pageSize + 1);
    record Found(
        String partitionKey,
        String status,
        UUID runId,
        Instant updatedAt,
        Staleness.@Nullable Recorded recorded) {}
    List<Found> found = new ArrayList<>();
    java.util.Set<String> slots = new java.util.LinkedHashSet<>();
    Map<String, Instant> newestUpstream = new HashMap<>();
    Map<String, String> current;
    try {
      try (PreparedStatement statement = prepare(sql.toString(), args.toArray());
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Timestamp at = rs.getTimestamp(5);
          Staleness.Recorded recorded =
              at == null
                  ? null
                  : new Staleness.Recorded(
                      at.toInstant(), rs.getString(6), AssetStates.versions(json, rs.getString(7)));
          if (recorded != null) {
            slots.addAll(recorded.inputDataVersions().keySet());
          }
          found.add(
              new Found(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getObject(3, UUID.class),
                  rs.getTimestamp(4).toInstant(),
                  recorded));
        }
      }
      Connection connection = transactions.connection();
      current = AssetStates.versionsOf(connection, scope.orgId(), deployment.id(), slots);
      if (!row.deps().isEmpty()) {
        try (PreparedStatement statement =
                prepare(
                    "select asset_key, max(materialized_at) from asset_materializations_latest"
                        + " where org_id = ? and deployment_id = ? and asset_key = any(?)"
                        + " group by asset_key",
                    scope.orgId(),
                    deployment.id(),
                    row.deps().toArray(String[]::new));
            ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            newestUpstream.put(rs.getString(1), rs.getTimestamp(2).toInstant());
          }
        }
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    List<PartitionPage.Partition> items = new ArrayList<>(found.size());
    for (Found f : found) {
      Staleness.Assessment staleness =
          Staleness.of(f.recorded(), row.codeVersion(), row.deps(), current, newestUpstream);
      items.add(
          new PartitionPage.Partition(
              f.partitionKey(),
              f.status(),
              f.runId(),
              f.updatedAt(),
              staleness.staleness(),
              staleness.causes()));
    }
    Cursors.Page<PartitionPage.Partition> page =
        Cursors.page(items, pageSize, PartitionPage.Partition::partitionKey);
    return new PartitionPage(page.items(), page.nextCursor());
  }

  /**
   * An asset's check evaluations, newest first, optionally of one check: the {@code
   * check_evaluated} events of its {@link #CHECK_HISTORY_RUNS} newest runs (found through {@code
   * runs.asset_keys}; each run's events through its own event-log partition).
   */
  public CheckHistory checkHistory(
      OrgScope scope,
      String deploymentName,
      String key,
      @Nullable String check,
      @Nullable Integer limit) {
    Deployment deployment = deployments.require(scope, deploymentName);
    int size = CatalogQuery.limit(limit, CatalogQuery.MAX_LIMIT);
    require(scope, deployment, key);
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "with r as (select id, created_at from runs where org_id = ? and deployment_id = ? and"
                + " asset_keys @> array[?]::text[] order by created_at desc, id desc limit ?)"
                + " select (select count(*) from r), e.body->>'checkName', e.body->>'partitionKey',"
                + " (e.body->>'passed')::boolean, e.body->>'severity',"
                + " coalesce((e.body->>'blocking')::boolean, false), e.at, e.run_id, e.seq"
                + " from r join run_events e on e.org_id = ? and e.run_id = r.id and"
                + " e.run_created_at = r.created_at where e.type = 'check_evaluated' and"
                + " e.body->>'assetKey' = ?");
    args.addAll(
        List.of(scope.orgId(), deployment.id(), key, CHECK_HISTORY_RUNS, scope.orgId(), key));
    if (check != null && !check.isBlank()) {
      sql.append(" and e.body->>'checkName' = ?");
      args.add(check);
    }
    sql.append(" order by e.at desc, e.run_id, e.seq desc limit ?");
    args.add(size);
    List<CheckHistory.Evaluation> items = new ArrayList<>();
    int runsRead = -1;
    try (PreparedStatement statement = prepare(sql.toString(), args.toArray());
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        runsRead = rs.getInt(1);
        String partitionKey = rs.getString(3);
        items.add(
            new CheckHistory.Evaluation(
                rs.getString(2),
                partitionKey == null || partitionKey.isEmpty() ? null : partitionKey,
                rs.getBoolean(4),
                rs.getString(5),
                rs.getBoolean(6),
                rs.getTimestamp(7).toInstant(),
                rs.getObject(8, UUID.class),
                rs.getLong(9)));
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    if (runsRead < 0) {
      runsRead =
          (int)
              count(
                  "select count(*) from (select 1 from runs where org_id = ? and deployment_id = ?"
                      + " and asset_keys @> array[?]::text[] limit ?) r",
                  scope.orgId(),
                  deployment.id(),
                  key,
                  CHECK_HISTORY_RUNS);
    }
    return new CheckHistory(items, runsRead);
  }

  private Row require(OrgScope scope, Deployment deployment, String key) {
    List<Row> rows =
        assets(
            "select " + assetsFromColumns() + " and a.key = ?",
            scope.orgId(),
            deployment.id(),
            key);
    if (rows.isEmpty()) {
      throw ApiException.notFound(
          "no asset '"
              + (key.length() > 200 ? key.substring(0, 197) + "..." : key)
              + "' in deployment "
              + deployment.name()
              + "; search the catalog at GET /api/v1/orgs/"
              + scope.slug()
              + "/deployments/"
              + deployment.name()
              + "/assets?q=");
    }
    return rows.get(0);
  }

  private static String assetsFromColumns() {
    return ASSET_COLUMNS + ASSETS_FROM;
  }

  /** The page's assets with their latest materialization, partition counts and check results. */
  private List<Asset> enrich(UUID orgId, UUID deploymentId, List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Connection connection = transactions.connection();
    String[] keys = rows.stream().map(Row::key).toArray(String[]::new);
    Map<String, List<Asset.Check>> checks = new HashMap<>();
    States states;
    try {
      java.sql.Array keyArray = connection.createArrayOf("text", keys);
      try (PreparedStatement statement =
              prepare(
                  "select k.asset_key, k.name, k.blocking, k.description, r.passed, r.severity,"
                      + " r.evaluated_at, r.run_id from asset_checks k left join lateral (select"
                      + " passed, severity, evaluated_at, run_id from asset_check_results r"
                      + " where r.org_id = k.org_id and r.deployment_id = k.deployment_id and"
                      + " r.asset_key = k.asset_key and r.check_name = k.name order by"
                      + " r.evaluated_at desc limit 1) r on true where k.org_id = ? and"
                      + " k.deployment_id = ? and k.asset_key = any(?) order by k.asset_key,"
                      + " k.name",
                  orgId,
                  deploymentId,
                  keyArray);
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Timestamp evaluatedAt = rs.getTimestamp(7);
          checks
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new Asset.Check(
                      rs.getString(2),
                      rs.getBoolean(3),
                      rs.getString(4),
                      (Boolean) rs.getObject(5),
                      rs.getString(6),
                      evaluatedAt == null ? null : evaluatedAt.toInstant(),
                      rs.getObject(8, UUID.class)));
        }
      }
      states =
          states(
              connection,
              orgId,
              deploymentId,
              rows.stream()
                  .map(r -> new AssetStates.Definition(r.key(), r.codeVersion(), r.deps()))
                  .toList());
    } catch (SQLException e) {
      throw failed(e);
    }
    Instant now = clock.instant();
    List<Asset> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      AssetStates.State state = states.byKey().get(row.key());
      Asset.PartitionCounts partitionCounts = null;
      if (row.partitions() != null) {
        long[] counts = state.counts();
        Long total = PartitionTotals.count(row.partitions(), now);
        partitionCounts =
            new Asset.PartitionCounts(
                total,
                counts[0],
                counts[1],
                counts[2],
                total == null ? null : Math.max(0, total - counts[0] - counts[1] - counts[2]));
      }
      out.add(
          new Asset(
              row.key(),
              row.codeLocation(),
              row.group(),
              row.description(),
              row.owners(),
              row.tags(),
              row.kinds(),
              row.codeVersion(),
              row.partitions() == null
                  ? null
                  : new Asset.Partitions(row.partitionsKind(), row.partitions().description()),
              state.latest(),
              partitionCounts,
              checks.getOrDefault(row.key(), List.of()),
              state.staleness().staleness(),
              state.staleness().causes(),
              state.status(),
              states.runs().get(row.key())));
    }
    return out;
  }

  /**
   * The states of some of the deployment's assets, with their newest runs (which a state reads).
   */
  private record States(Map<String, AssetStates.State> byKey, Map<String, Asset.LatestRun> runs) {}

  private States states(
      Connection connection,
      UUID orgId,
      UUID deploymentId,
      List<AssetStates.Definition> definitions)
      throws SQLException {
    Map<String, Asset.LatestRun> runs =
        latestRuns(
            orgId,
            deploymentId,
            connection.createArrayOf(
                "text", definitions.stream().map(AssetStates.Definition::key).toArray()));
    return new States(
        AssetStates.read(connection, json, orgId, deploymentId, definitions, false, runs), runs);
  }

  /**
   * Each asset's newest run by creation, from the asset keys runs resolved at launch: of the assets
   * {@code keys} names (through the GIN index on {@code runs.asset_keys}), or of every asset when
   * {@code keys} is null.
   */
  Map<String, Asset.LatestRun> latestRuns(
      UUID orgId, UUID deploymentId, java.sql.@Nullable Array keys) {
    String sql =
        "select distinct on (u.key) u.key, r.id, r.status, r.created_at, r.finished_at from runs r"
            + " cross join unnest(r.asset_keys) as u(key) where r.org_id = ? and r.deployment_id = ?"
            + (keys == null ? "" : " and r.asset_keys && ? and u.key = any(?)")
            + " order by u.key, r.created_at desc, r.id desc";
    Object[] args =
        keys == null
            ? new Object[] {orgId, deploymentId}
            : new Object[] {orgId, deploymentId, keys, keys};
    Map<String, Asset.LatestRun> runs = new HashMap<>();
    try (PreparedStatement statement = prepare(sql, args);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        Timestamp finishedAt = rs.getTimestamp(5);
        runs.put(
            rs.getString(1),
            new Asset.LatestRun(
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                finishedAt == null ? null : finishedAt.toInstant()));
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    return runs;
  }

  private Asset.Materialization materialization(ResultSet rs, int first) throws SQLException {
    String partitionKey = rs.getString(first + 1);
    return new Asset.Materialization(
        rs.getObject(first, UUID.class),
        partitionKey == null || partitionKey.isEmpty() ? null : partitionKey,
        rs.getTimestamp(first + 2).toInstant(),
        rs.getString(first + 3),
        rs.getString(first + 4),
        read(rs.getString(first + 5), METADATA));
  }

  private List<Row> assets(String sql, Object... args) {
    try (PreparedStatement statement = prepare(sql, args);
        ResultSet rs = statement.executeQuery()) {
      List<Row> rows = new ArrayList<>();
      while (rs.next()) {
        String partitions = rs.getString(10);
        rows.add(
            new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                textArray(rs, 5),
                read(rs.getString(6), TAGS),
                textArray(rs, 7),
                rs.getString(8),
                rs.getString(9),
                partitions == null ? null : read(partitions, Argument.of(PartitionsSnapshot.class)),
                rs.getString(11),
                textArray(rs, 12)));
      }
      return rows;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private long count(String sql, Object... args) {
    return Sql.count(transactions.connection(), sql, args);
  }

  private List<String> strings(String sql, Object... args) {
    return Sql.list(transactions.connection(), sql, rs -> rs.getString(1), args);
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    return Sql.prepare(transactions.connection(), sql, args);
  }

  private static List<String> textArray(ResultSet rs, int column) throws SQLException {
    return Sql.textArray(rs, column);
  }

  private <T> T read(String text, Argument<T> type) {
    try {
      return json.readValue(text, type);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON does not read back: " + text, e);
    }
  }

  private static String likeEscape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static IllegalStateException failed(SQLException e) {
    return new IllegalStateException("catalog query failed: " + e.getMessage(), e);
  }
}
