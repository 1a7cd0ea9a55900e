package dev.materia.controlplane.assets;

import dev.materia.controlplane.sql.Sql;
import io.micronaut.core.annotation.Nullable;
import java.sql.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@code capacity} most recently used values built from a deployment's index, each kept under
 * the snapshots it was built from, so launches and the lineage view do not reload 10,000 rows.
 */
final class SnapshotCache<V> {
  /**
   * Names the deployment's index as it is: each code location's id and snapshot hash. The index
   * rows change only together with a snapshot hash, so a graph built under this key stays right.
   */
  private record GraphKey(UUID orgId, UUID deploymentId, String snapshots) {}

  private final Map<GraphKey, V> values;

  SnapshotCache(int capacity) {
    values =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<GraphKey, V> eldest) {
                return size() > capacity;
              }
            });
  }

  /**
   * The value for the deployment's index as it is now, built when none is cached. A value is kept
   * only when no snapshot committed while it was built (statements of a read-committed transaction
   * may see different commits). Call it inside the organization's tenant transaction.
   */
  V get(Connection connection, UUID orgId, UUID deploymentId, Supplier<V> build) {
    GraphKey key = snapshotKey(connection, orgId, deploymentId);
    @Nullable V cached = values.get(key);
    if (cached != null) {
      return cached;
    }
    V built = build.get();
    if (snapshotKey(connection, orgId, deploymentId).equals(key)) {
      values.put(key, built);
    }
    return built;
  }

  /** The deployment's index as it is now, in the open tenant transaction. */
  private static GraphKey snapshotKey(Connection connection, UUID orgId, UUID deploymentId) {
    List<String> snapshots =
        Sql.list(
            connection,
            "select id::text || ':' || coalesce(snapshot_hash, '') from code_locations where"
                + " org_id = ? and deployment_id = ? order by id",
            rs -> rs.getString(1),
            orgId,
            deploymentId);
    return new GraphKey(orgId, deploymentId, String.join(",", snapshots));
  }
}
