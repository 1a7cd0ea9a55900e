package dev.materia.controlplane.codelocations;

import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.sql.Sql;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code code_locations} table, in the open tenant transaction. Every statement filters by
 * organization itself; row-level security is the second wall.
 */
@Singleton
final class CodeLocationStore {
  private static final String COLUMNS =
      "c.id, c.org_id, c.deployment_id, d.name, c.name, c.artifact, c.version, c.status,"
          + " c.load_error_class, c.load_error, c.snapshot_hash, c.snapshot_version,"
          + " c.snapshot_at, c.asset_count, c.check_count, c.created_at, c.updated_at";
  private static final String FROM =
      " from code_locations c join deployments d on d.org_id = c.org_id and d.id ="
          + " c.deployment_id";

  private final TenantTransactions transactions;

  CodeLocationStore(TenantTransactions transactions) {
    this.transactions = transactions;
  }

  /** A row of {@code code_locations}, with its deployment's name; never leaves this package. */
  record Row(
      UUID id,
      UUID orgId,
      UUID deploymentId,
      String deployment,
      String name,
      String artifact,
      String version,
      LoadStatus status,
      @Nullable String loadErrorClass,
      @Nullable String loadError,
      @Nullable String snapshotHash,
      @Nullable String snapshotVersion,
      @Nullable Instant snapshotAt,
      int assetCount,
      int checkCount,
      Instant createdAt,
      Instant updatedAt) {

    CodeLocation view() {
      return new CodeLocation(
          name,
          deployment,
          artifact,
          version,
          status,
          snapshotHash == null ? null : snapshotVersion,
          status == LoadStatus.FAILED ? version : null,
          loadError == null
              ? null
              : new CodeLocation.LoadError(loadErrorClass == null ? "" : loadErrorClass, loadError),
          snapshotHash == null
              ? null
              : new CodeLocation.SnapshotInfo(
                  snapshotHash, snapshotVersion, snapshotAt, assetCount, checkCount),
          createdAt,
          updatedAt);
    }
  }

  List<Row> list(UUID orgId, UUID deploymentId) {
    return query(
        "select " + COLUMNS + FROM + " where c.org_id = ? and c.deployment_id = ? order by c.name",
        orgId,
        deploymentId);
  }

  Optional<Row> find(UUID orgId, UUID deploymentId, String name) {
    return query(
            "select "
                + COLUMNS
                + FROM
                + " where c.org_id = ? and c.deployment_id = ? and c.name = ?",
            orgId,
            deploymentId,
            name)
        .stream()
        .findFirst();
  }

  /** The row locked for update, so concurrent uploads of one location index one at a time. */
  Optional<Row> lock(UUID orgId, UUID deploymentId, String name) {
    return query(
            "select "
                + COLUMNS
                + FROM
                + " where c.org_id = ? and c.deployment_id = ? and c.name = ? for update of c",
            orgId,
            deploymentId,
            name)
        .stream()
        .findFirst();
  }

  void insert(
      UUID id, UUID orgId, UUID deploymentId, String name, String artifact, String version) {
    update(
        "insert into code_locations (id, org_id, deployment_id, name, artifact, version, status)"
            + " values (?, ?, ?, ?, ?, ?, 'PENDING')",
        id,
        orgId,
        deploymentId,
        name,
        artifact,
        version);
  }

  /** A new registration: the new artifact and version, waiting for an agent again. */
  void reregister(UUID orgId, UUID id, String artifact, String version) {
    update(
        "update code_locations set artifact = ?, version = ?, status = 'PENDING', load_error ="
            + " null, load_error_class = null, updated_at = now() where org_id = ? and id = ?",
        artifact,
        version,
        orgId,
        id);
  }

  void status(
      UUID orgId,
      UUID id,
      LoadStatus status,
      @Nullable String loadErrorClass,
      @Nullable String loadError) {
    update(
        "update code_locations set status = ?, load_error_class = ?, load_error = ?, updated_at"
            + " = now() where org_id = ? and id = ?",
        status.name(),
        loadErrorClass,
        loadError,
        orgId,
        id);
  }

  /**
   * Records an indexed snapshot; {@code loaded} marks the registered version loaded (the snapshot
   * proves the agent loaded it) and clears any load error.
   */
  void snapshot(
      UUID orgId,
      UUID id,
      String hash,
      @Nullable String version,
      int assetCount,
      int checkCount,
      boolean loaded) {
    update(
        "update code_locations set snapshot_hash = ?, snapshot_version = ?, snapshot_at = now(),"
            + " asset_count = ?, check_count = ?,"
            + " status = case when ? then 'LOADED' else status end,"
            + " load_error = case when ? then null else load_error end,"
            + " load_error_class = case when ? then null else load_error_class end,"
            + " updated_at = now() where org_id = ? and id = ?",
        hash,
        version,
        assetCount,
        checkCount,
        loaded,
        loaded,
        loaded,
        orgId,
        id);
  }

  private List<Row> query(String sql, Object... args) {
    return Sql.list(transactions.connection(), sql, this::row, args);
  }

  private Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        LoadStatus.valueOf(rs.getString(8)),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        instant(rs.getTimestamp(13)),
        rs.getInt(14),
        rs.getInt(15),
        rs.getTimestamp(16).toInstant(),
        rs.getTimestamp(17).toInstant());
  }

  private void update(String sql, Object... args) {
    Sql.update(transactions.connection(), sql, args);
  }

  private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
