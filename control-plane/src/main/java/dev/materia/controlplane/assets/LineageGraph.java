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
import java.util.Map;
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
    String[] keys = structure.keys();
    Map<String, Asset.LatestRun> latestRuns = catalog.latestRuns(orgId, deployment.id(), null);
    List<AssetStates.Definition> definitions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] up = structure.upstream()[i];
      List<String> deps = new ArrayList<>(up.length);
      for (int f : up) {
        deps.add(keys[f]);
      }
      definitions.add(new AssetStates.Definition(keys[i], structure.codeVersions()[i], deps));
    }
    Map<String, AssetStates.State> states;
    try {
      states =
          AssetStates.read(connection, json, orgId, deployment.id(), definitions, true, latestRuns);
    } catch (SQLException e) {
      throw Sql.failed(e);
    }
    Instant[] materializedAt = new Instant[n];
    AssetStatus[] status = new AssetStatus[n];
    Staleness.Assessment[] staleness = new Staleness.Assessment[n];
    Asset.LatestRun[] runs = new Asset.LatestRun[n];
    for (int i = 0; i < n; i++) {
      AssetStates.State state = states.get(keys[i]);
      materializedAt[i] = state.latest() == null ? null : state.latest().materializedAt();
      status[i] = state.status();
      staleness[i] = state.staleness();
      runs[i] = latestRuns.get(keys[i]);
    }
    return GraphDocument.write(json, structure, materializedAt, status, staleness, runs);
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
