package dev.materia.controlplane.assets;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.sql.Sql;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a code location's snapshot into the index of asset definitions ({@code assets} with each
 * asset's upstream keys in {@code deps}, {@code asset_checks}, {@code code_location_schedules}),
 * replacing what the location had.
 *
 * <p>Each table is written by one {@code INSERT … SELECT FROM unnest(arrays)} statement, never one
 * INSERT per row: 10,000 assets and 30,000 edges are a handful of round trips, and edges cost no
 * rows of their own. COPY FROM is not an option, because PostgreSQL refuses it on tables with
 * row-level security.
 */
@Singleton
public final class DefinitionIndex {
  private final TenantTransactions transactions;
  private final JsonMapper json;

  DefinitionIndex(TenantTransactions transactions, JsonMapper json) {
    this.transactions = transactions;
    this.json = json;
  }

  /**
   * Replaces the index rows of code location {@code codeLocationId} with {@code snapshot}'s, in the
   * open tenant transaction; 409 naming the asset when another code location of the deployment
   * already defines one of its keys.
   */
  public void replace(
      UUID orgId, Deployment deployment, UUID codeLocationId, CodeLocationSnapshot snapshot) {
    UUID deploymentId = deployment.id();
    Connection connection = transactions.connection();
    List<AssetSnapshot> assets = snapshot.assets();
    String[] keys = assets.stream().map(AssetSnapshot::key).toArray(String[]::new);
    refuseKeysOfOtherLocations(connection, orgId, deployment, codeLocationId, keys, snapshot);
    for (String table : new String[] {"asset_checks", "code_location_schedules", "assets"}) {
      Sql.update(
          connection,
          "delete from "
              + table
              + " where org_id = ? and deployment_id = ? and code_location_id = ?",
          orgId,
          deploymentId,
          codeLocationId);
    }
    insertAssets(connection, orgId, deploymentId, codeLocationId, assets, keys);
    insertChecks(connection, orgId, deploymentId, codeLocationId, snapshot.checks());
    insertSchedules(connection, orgId, deploymentId, codeLocationId, snapshot.schedules());
  }

  /**
   * An asset of a deployment's index.
   *
   * @param codeLocation the name of the code location defining it
   * @param deps its upstream keys, of its own location or of others
   */
  public record IndexedAsset(String key, String codeLocation, List<String> deps) {}

  /**
   * Every asset of the deployment's index with its code location and upstream keys, ordered by
   * location then key, in the open tenant transaction: what a snapshot's dependencies across code
   * locations are checked against.
   */
  public List<IndexedAsset> deploymentAssets(UUID orgId, UUID deploymentId) {
    return Sql.list(
        transactions.connection(),
        "select a.key, c.name, a.deps from assets a join code_locations c on c.org_id = a.org_id"
            + " and c.id = a.code_location_id where a.org_id = ? and a.deployment_id = ? order by"
            + " c.name, a.key",
        rs -> new IndexedAsset(rs.getString(1), rs.getString(2), Sql.textArray(rs, 3)),
        orgId,
        deploymentId);
  }

  private static void refuseKeysOfOtherLocations(
      Connection connection,
      UUID orgId,
      Deployment deployment,
      UUID codeLocationId,
      String[] keys,
      CodeLocationSnapshot snapshot) {
    Optional<String[]> taken =
        Sql.first(
            connection,
            "select a.key, c.name from assets a join code_locations c on c.org_id = a.org_id and"
                + " c.id = a.code_location_id where a.org_id = ? and a.deployment_id = ? and"
                + " a.code_location_id <> ? and a.key = any(?) order by a.key limit 1",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            orgId,
            deployment.id(),
            codeLocationId,
            keys);
    if (taken.isPresent()) {
      throw ApiException.conflict(
          "assets",
          "asset "
              + taken.get()[0]
              + " of code location "
              + snapshot.name()
              + " is already defined by code location "
              + taken.get()[1]
              + " of deployment '"
              + deployment.name()
              + "'; an asset key must be unique within a deployment");
    }
  }

  private void insertAssets(
      Connection connection,
      UUID orgId,
      UUID deploymentId,
      UUID codeLocationId,
      List<AssetSnapshot> assets,
      String[] keys) {
    int n = assets.size();
    if (n == 0) {
      return;
    }
    String[] deps = new String[n];
    String[] groups = new String[n];
    String[] descriptions = new String[n];
    String[] owners = new String[n];
    String[] tags = new String[n];
    String[] kinds = new String[n];
    String[] codeVersions = new String[n];
    String[] ioManagers = new String[n];
    String[] partitionKinds = new String[n];
    String[] partitions = new String[n];
    for (int i = 0; i < n; i++) {
      AssetSnapshot asset = assets.get(i);
      deps[i] = arrayLiteral(asset.deps());
      groups[i] = asset.group();
      descriptions[i] = asset.description();
      owners[i] = arrayLiteral(asset.owners());
      tags[i] = write(asset.tags());
      kinds[i] = arrayLiteral(asset.kinds());
      codeVersions[i] = asset.codeVersion();
      ioManagers[i] = asset.ioManager();
      partitionKinds[i] = asset.partitions() == null ? null : asset.partitions().kind().name();
      partitions[i] = asset.partitions() == null ? null : write(asset.partitions());
    }
    Sql.update(
        connection,
        "insert into assets (org_id, deployment_id, code_location_id, key, deps, group_name,"
            + " description, owners, tags, kinds, code_version, io_manager, partitions_kind,"
            + " partitions) select ?, ?, ?, t.key, t.deps::text[], t.grp, t.description,"
            + " t.owners::text[], t.tags::jsonb, t.kinds::text[], t.code_version,"
            + " t.io_manager, t.pkind, t.partitions::jsonb from unnest(?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[]) as t(key, deps, grp, description, owners, tags, kinds,"
            + " code_version, io_manager, pkind, partitions)",
        orgId,
        deploymentId,
        codeLocationId,
        keys,
        deps,
        groups,
        descriptions,
        owners,
        tags,
        kinds,
        codeVersions,
        ioManagers,
        partitionKinds,
        partitions);
  }

  private static void insertChecks(
      Connection connection,
      UUID orgId,
      UUID deploymentId,
      UUID codeLocationId,
      List<CheckSnapshot> checks) {
    if (checks.isEmpty()) {
      return;
    }
    int n = checks.size();
    String[] assetKeys = new String[n];
    String[] names = new String[n];
    Boolean[] blocking = new Boolean[n];
    String[] descriptions = new String[n];
    for (int i = 0; i < n; i++) {
      CheckSnapshot check = checks.get(i);
      assetKeys[i] = check.assetKey();
      names[i] = check.name();
      blocking[i] = check.blocking();
      descriptions[i] = check.description();
    }
    Sql.update(
        connection,
        "insert into asset_checks (org_id, deployment_id, code_location_id, asset_key, name,"
            + " blocking, description) select ?, ?, ?, t.a, t.n, t.b, t.d from"
            + " unnest(?::text[], ?::text[], ?::boolean[], ?::text[]) as t(a, n, b, d)",
        orgId,
        deploymentId,
        codeLocationId,
        assetKeys,
        names,
        blocking,
        descriptions);
  }

  private static void insertSchedules(
      Connection connection,
      UUID orgId,
      UUID deploymentId,
      UUID codeLocationId,
      List<ScheduleSnapshot> schedules) {
    if (schedules.isEmpty()) {
      return;
    }
    int n = schedules.size();
    String[][] columns = new String[4][n];
    for (int i = 0; i < n; i++) {
      ScheduleSnapshot schedule = schedules.get(i);
      columns[0][i] = schedule.name();
      columns[1][i] = schedule.cron();
      columns[2][i] = schedule.selection();
      columns[3][i] = schedule.timezone();
    }
    Sql.update(
        connection,
        "insert into code_location_schedules (org_id, deployment_id, code_location_id, name,"
            + " cron, selection, timezone) select ?, ?, ?, t.n, t.c, t.s, t.z from"
            + " unnest(?::text[], ?::text[], ?::text[], ?::text[]) as t(n, c, s, z)",
        orgId,
        deploymentId,
        codeLocationId,
        columns[0],
        columns[1],
        columns[2],
        columns[3]);
  }

  /**
   * A PostgreSQL array literal such as {@code {"a","b \"c\""}}, read back with {@code ::text[]}.
   */
  static String arrayLiteral(List<String> values) {
    StringBuilder out = new StringBuilder(2 + values.size() * 12).append('{');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"');
      String value = values.get(i);
      for (int c = 0; c < value.length(); c++) {
        char ch = value.charAt(c);
        if (ch == '"' || ch == '\\') {
          out.append('\\');
        }
        out.append(ch);
      }
      out.append('"');
    }
    return out.append('}').toString();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
