package dev.materia.controlplane.assets;

import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.deployments.Deployments;
import dev.materia.controlplane.sql.Sql;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The lineage view's document: every asset and edge of a deployment ({@link GraphDocument}). */
@Singleton
public final class LineageGraph {
  private final TenantTransactions transactions;
  private final Deployments deployments;
  private final AssetCatalog catalog;
  private final JsonMapper json;

  /** Graph structures of recently viewed deployments (a few MB each at 10,000 assets). */
  private final SnapshotCache<GraphDocument.Structure> structures = new SnapshotCache<>(8);

  LineageGraph(
      TenantTransactions transactions,
      Deployments deployments,
      AssetCatalog catalog,
      JsonMapper json) {
    this.transactions = transactions;
    this.deployments = deployments;
    this.catalog = catalog;
    this.json = json;
  }

  /**
   * Every asset and edge of the deployment with each asset's live status, as the JSON of {@link
   * AssetGraph}. The nodes without status and the edges are built once per set of snapshots and
   * cached; each request reads only the latest materializations and newest runs.
   */
  public GraphDocument.Response graph(OrgScope scope, String deploymentName) {
    Deployment deployment = deployments.require(scope, deploymentName);
    UUID orgId = scope.orgId();
    Connection connection = transactions.connection();
    GraphDocument.Structure structure =
        structures.get(
            connection, orgId, deployment.id(), () -> graphStructure(orgId, deployment.id()));
    int n = structure.keys().length;
    Instant[] materializedAt = new Instant[n];
    String[] materializedCode = new String[n];
    try (PreparedStatement statement =
            Sql.prepare(
                transactions.connection(),
                "select distinct on (asset_key) asset_key, materialized_at, code_version from"
                    + " asset_materializations_latest where org_id = ? and deployment_id = ?"
                    + " order by asset_key, materialized_at desc",
                orgId,
                deployment.id());
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        int i = structure.indexOf(rs.getString(1));
        if (i >= 0) {
          materializedAt[i] = rs.getTimestamp(2).toInstant();
          materializedCode[i] = rs.getString(3);
        }
      }
    } catch (SQLException e) {
      throw Sql.failed(e);
    }
    Asset.LatestRun[] runs = new Asset.LatestRun[n];
    catalog
        .latestRuns(orgId, deployment.id(), null)
        .forEach(
            (assetKey, run) -> {
              int i = structure.indexOf(assetKey);
              if (i >= 0) {
                runs[i] = run;
              }
            });
    return GraphDocument.write(structure, materializedAt, materializedCode, runs);
  }

  private GraphDocument.Structure graphStructure(UUID orgId, UUID deploymentId) {
    List<GraphDocument.NodeHead> heads = new ArrayList<>();
    List<String> codeVersions = new ArrayList<>();
    List<List<String>> upstreamKeys = new ArrayList<>();
    try (PreparedStatement statement =
            Sql.prepare(
                transactions.connection(),
                "select a.key, a.group_name, c.name, a.kinds, a.partitions_kind is not null,"
                    + " a.code_version, a.deps"
                    + AssetCatalog.ASSETS_FROM
                    + " order by a.key",
                orgId,
                deploymentId);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        heads.add(
            new GraphDocument.NodeHead(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Sql.textArray(rs, 4),
                rs.getBoolean(5)));
        codeVersions.add(rs.getString(6));
        upstreamKeys.add(Sql.textArray(rs, 7));
      }
    } catch (SQLException e) {
      throw Sql.failed(e);
    }
    return GraphDocument.structure(json, heads, codeVersions, upstreamKeys);
  }
}
