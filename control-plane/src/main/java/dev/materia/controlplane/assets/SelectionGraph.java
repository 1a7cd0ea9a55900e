package dev.materia.controlplane.assets;

import dev.materia.api.selection.Selection;
import dev.materia.api.selection.SelectionSyntaxException;
import dev.materia.api.selection.SnapshotAssetGraph;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.sql.Sql;
import dev.materia.sdk.PartitionsDefinition;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployment's assets as a graph for selections (what {@code runs} resolves a launch's selection
 * against), built from the definition index once per set of snapshots and cached.
 */
@Singleton
public final class SelectionGraph {
  private static final Logger LOG = LoggerFactory.getLogger(SelectionGraph.class);
  private static final Argument<Map<String, String>> TAGS =
      Argument.mapOf(String.class, String.class);

  private final TenantTransactions transactions;
  private final JsonMapper json;

  /** Built graphs of recently used deployments, so launching runs does not reload 10,000 rows. */
  private static final int MAX_SELECTION_LENGTH = 10_000;

  private final SnapshotCache<Built> graphs = new SnapshotCache<>(32);

  SelectionGraph(TenantTransactions transactions, JsonMapper json) {
    this.transactions = transactions;
    this.json = json;
  }

  /**
   * The assets {@code selection} names among the deployment's latest snapshots, for launching runs,
   * with the partitions definition of each partitioned one; 400 on the field {@code selection} when
   * it does not parse (code {@code invalid_selection}, the message pointing at the token), names an
   * unknown asset, or selects nothing. A code location whose stored graph is broken (rows stored
   * before snapshots were checked at the door) is left out, so it cannot stop launches elsewhere;
   * naming one of its assets is 409. Call it inside the organization's tenant transaction.
   */
  public ResolvedSelection resolveSelection(
      OrgScope scope, Deployment deployment, String selection) {
    if (selection == null || selection.isBlank()) {
      throw ApiException.invalid(
          "selection", "selection is required, such as \"sales/raw_orders+\" or \"group:sales\"");
    }
    if (selection.length() > MAX_SELECTION_LENGTH) {
      throw ApiException.invalid(
          "selection", "selection is longer than " + MAX_SELECTION_LENGTH + " characters");
    }
    Selection parsed;
    try {
      parsed = Selection.parse(selection);
    } catch (SelectionSyntaxException e) {
      throw ApiException.invalid("invalid_selection", "selection", e.getMessage());
    }
    Built graph = graph(scope.orgId(), deployment.id());
    for (Selection.Term term : parsed.terms()) {
      if (term.atom() instanceof Selection.Atom.Key key
          && graph.brokenKeys().containsKey(key.key())) {
        String location = graph.brokenKeys().get(key.key());
        throw ApiException.conflict(
            "selection",
            "asset "
                + key.key()
                + " is in code location "
                + location
                + ", whose stored snapshot is invalid ("
                + graph.broken().get(location)
                + "): upload a valid snapshot of "
                + location
                + " (its agent does when it loads the location again) before launching its"
                + " assets");
      }
    }
    if (graph.graph() == null) {
      throw ApiException.invalid(
          "selection",
          graph.broken().isEmpty()
              ? "deployment '"
                  + deployment.name()
                  + "' has no assets yet: register a code location and let an agent load"
                  + " it"
              : "deployment '"
                  + deployment.name()
                  + "' has no launchable assets: the stored snapshots of "
                  + new TreeSet<>(graph.broken().keySet())
                  + " are invalid; upload valid ones");
    }
    Set<String> keys;
    try {
      keys = parsed.resolve(graph.graph());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("selection", e.getMessage());
    }
    if (keys.isEmpty()) {
      throw ApiException.invalid(
          "selection",
          "selection \""
              + selection
              + "\" selects no asset of deployment '"
              + deployment.name()
              + "'"
              + (graph.broken().isEmpty()
                  ? ""
                  : " (code locations "
                      + new TreeSet<>(graph.broken().keySet())
                      + " are left out: their stored snapshots are invalid)"));
    }
    Set<String> locations = new TreeSet<>();
    Map<String, PartitionsDefinition> partitions = new LinkedHashMap<>();
    for (String key : keys) {
      locations.add(graph.locationOf().get(key));
      PartitionsDefinition definition = graph.partitionsOf().get(key);
      if (definition != null) {
        partitions.put(key, definition);
      }
    }
    return new ResolvedSelection(
        List.copyOf(keys), locations, Collections.unmodifiableMap(partitions));
  }

  /**
   * How a run of {@code assetKeys} (a launch's resolved keys) is planned per code location: empty
   * when one location defines them all (the agent plans the run's selection there), otherwise the
   * stages in dependency order, each one location's keys in topological order ({@link
   * LocationStages}). Keys the deployment no longer has are left out. Call it inside the
   * organization's tenant transaction.
   */
  public List<LocationStages.Stage> stages(
      OrgScope scope, UUID deploymentId, List<String> assetKeys) {
    Built graph = graph(scope.orgId(), deploymentId);
    if (graph.graph() == null) {
      return List.of();
    }
    return LocationStages.of(graph.graph(), graph.locationOf(), assetKeys);
  }

  /**
   * A deployment's graph for selections, with the code location and partitions of each asset.
   *
   * @param graph the launchable assets; null when there are none
   * @param broken code locations left out, each with why its stored graph is unusable
   * @param brokenKeys asset keys of those locations, with their location
   */
  private record Built(
      @Nullable SnapshotAssetGraph graph,
      Map<String, String> locationOf,
      Map<String, PartitionsDefinition> partitionsOf,
      Map<String, String> broken,
      Map<String, String> brokenKeys) {}

  /** An asset row as selections need it, read before the location's graph is checked. */
  private record SelectionRow(
      String key,
      String group,
      List<String> owners,
      String tags,
      List<String> kinds,
      List<String> deps,
      @Nullable String partitions) {}

  private Built graph(UUID orgId, UUID deploymentId) {
    Connection connection = transactions.connection();
    return graphs.get(
        connection, orgId, deploymentId, () -> build(connection, orgId, deploymentId));
  }

  private Built build(Connection connection, UUID orgId, UUID deploymentId) {
    Map<String, List<SelectionRow>> rowsByLocation = new LinkedHashMap<>();
    try (PreparedStatement statement =
            Sql.prepare(
                connection,
                "select a.key, c.name, a.group_name, a.owners, a.tags::text, a.kinds, a.deps,"
                    + " a.partitions::text"
                    + AssetCatalog.ASSETS_FROM
                    + " order by c.name, a.key",
                orgId,
                deploymentId);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rowsByLocation
            .computeIfAbsent(rs.getString(2), l -> new ArrayList<>())
            .add(
                new SelectionRow(
                    rs.getString(1),
                    rs.getString(3),
                    Sql.textArray(rs, 4),
                    rs.getString(5),
                    Sql.textArray(rs, 6),
                    Sql.textArray(rs, 7),
                    rs.getString(8)));
      }
    } catch (SQLException e) {
      throw Sql.failed(e);
    }
    Set<String> allKeys = new java.util.HashSet<>();
    rowsByLocation.values().forEach(rows -> rows.forEach(row -> allKeys.add(row.key())));
    List<AssetSnapshot> assets = new ArrayList<>();
    Map<String, String> locationOf = new HashMap<>();
    Map<String, PartitionsDefinition> partitionsOf = new HashMap<>();
    Map<String, String> broken = new TreeMap<>();
    Map<String, String> brokenKeys = new HashMap<>();
    for (Map.Entry<String, List<SelectionRow>> location : rowsByLocation.entrySet()) {
      List<AssetSnapshot> locationAssets = new ArrayList<>();
      Map<String, PartitionsDefinition> locationPartitions = new HashMap<>();
      Set<String> ownKeys = new java.util.HashSet<>();
      location.getValue().forEach(row -> ownKeys.add(row.key()));
      try {
        for (SelectionRow row : location.getValue()) {
          // A dependency on another location's asset joins below; one no location defines stays
          // unmarked, so the location's graph fails as dangling and the location is left out.
          List<String> external =
              row.deps().stream().filter(d -> !ownKeys.contains(d) && allKeys.contains(d)).toList();
          locationAssets.add(
              new AssetSnapshot(
                  row.key(),
                  row.deps(),
                  row.group(),
                  "",
                  row.owners(),
                  read(row.tags(), TAGS),
                  row.kinds(),
                  null,
                  null,
                  null,
                  external));
          if (row.partitions() != null) {
            locationPartitions.put(
                row.key(),
                read(row.partitions(), Argument.of(PartitionsSnapshot.class)).definition());
          }
        }
        // Each location's own graph must stand; its edges to other locations join below.
        SnapshotAssetGraph.ofAssets(locationAssets);
      } catch (RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        why = why.length() > 500 ? why.substring(0, 497) + "..." : why;
        LOG.warn(
            "code location {} of deployment {} is left out of launches: its stored graph is"
                + " invalid ({})",
            location.getKey(),
            deploymentId,
            why);
        broken.put(location.getKey(), why);
        location.getValue().forEach(row -> brokenKeys.put(row.key(), location.getKey()));
        continue;
      }
      assets.addAll(locationAssets);
      locationAssets.forEach(a -> locationOf.put(a.key(), location.getKey()));
      partitionsOf.putAll(locationPartitions);
    }
    assets.sort(Comparator.comparing(AssetSnapshot::key));
    return new Built(
        assets.isEmpty() ? null : SnapshotAssetGraph.ofAssets(assets),
        Map.copyOf(locationOf),
        Map.copyOf(partitionsOf),
        Collections.unmodifiableMap(broken),
        Map.copyOf(brokenKeys));
  }

  private <T> T read(String text, Argument<T> type) {
    try {
      return json.readValue(text, type);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON does not read back: " + text, e);
    }
  }
}
