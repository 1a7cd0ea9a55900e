package dev.materia.controlplane.queue;

import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.signals.Signals;
import dev.materia.controlplane.sql.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The work queue: items for agents, claimed with {@code FOR UPDATE SKIP LOCKED} and a lease. Every
 * method joins the open tenant transaction and filters by organization; enqueueing (or putting an
 * item back) notifies one held poll of the deployment per item when the transaction commits.
 *
 * <pre>{@code
 * queue.enqueueLoadCodeLocation(scope, deploymentId, new LoadCodeLocation("-", "prod", "sales",
 *     "v3", "/opt/locations/sales.jar"));
 * }</pre>
 */
@Singleton
public final class WorkQueue {
  private static final String RETURNING =
      " returning w.id, w.org_id, w.deployment_id, w.kind, w.run_id, w.payload::text,"
          + " w.created_at";

  private final TenantTransactions transactions;
  private final Signals signals;
  private final JsonMapper json;

  WorkQueue(TenantTransactions transactions, Signals signals, JsonMapper json) {
    this.transactions = transactions;
    this.signals = signals;
    this.json = json;
  }

  /**
   * Queues a {@code load_code_location} item for the agents of {@code deploymentId}; call inside
   * the tenant transaction that registers the location, so both commit together. The item's own
   * {@code id} is replaced by the queue's; {@code deployment} is re-read from {@code deploymentId}
   * when the item is handed out.
   *
   * @return the work item's id
   */
  public UUID enqueueLoadCodeLocation(OrgScope scope, UUID deploymentId, LoadCodeLocation item) {
    Objects.requireNonNull(item, "item == null");
    return enqueue(
        scope.orgId(),
        deploymentId,
        QueuedWork.LOAD,
        null,
        Map.of("name", item.name(), "version", item.version(), "artifact", item.artifact()));
  }

  /** Queues an item and wakes one held poll of the deployment on commit. */
  public UUID enqueue(
      UUID orgId,
      UUID deploymentId,
      String kind,
      @Nullable UUID runId,
      Map<String, Object> payload) {
    UUID id = UUID.randomUUID();
    update(
        "insert into work_items (id, org_id, deployment_id, kind, run_id, payload)"
            + " values (?, ?, ?, ?, ?, cast(? as jsonb))",
        id,
        orgId,
        deploymentId,
        kind,
        runId,
        write(payload));
    signals.work(orgId, deploymentId, id);
    return id;
  }

  /**
   * Claims up to {@code max} queued items of {@code deploymentIds}, oldest first, for {@code
   * tokenId} with a lease of {@code lease}; items other polls hold locked are skipped.
   */
  public List<QueuedWork> claim(
      UUID orgId, Collection<UUID> deploymentIds, UUID tokenId, Duration lease, int max) {
    if (deploymentIds.isEmpty()) {
      return List.of();
    }
    List<QueuedWork> claimed =
        query(
            "update work_items w set status = 'claimed', claimed_by_token = ?, claimed_at = now(),"
                + " lease_expires_at = now() + ?::interval, attempts = w.attempts + 1"
                + " from (select id from work_items where org_id = ? and deployment_id = any(?)"
                + " and status = 'queued' order by created_at limit ? for update skip locked) c"
                + " where w.id = c.id"
                + RETURNING,
            tokenId,
            interval(lease),
            orgId,
            deploymentIds.toArray(UUID[]::new),
            max);
    return claimed.stream().sorted(Comparator.comparing(QueuedWork::createdAt)).toList();
  }

  /** Extends the leases {@code tokenId} holds on {@code ids}; returns how many it still held. */
  public int renew(UUID orgId, UUID tokenId, Collection<UUID> ids, Duration lease) {
    if (ids.isEmpty()) {
      return 0;
    }
    return update(
        "update work_items set lease_expires_at = now() + ?::interval where org_id = ?"
            + " and claimed_by_token = ? and status = 'claimed' and id = any(?)",
        interval(lease),
        orgId,
        tokenId,
        ids.toArray(UUID[]::new));
  }

  /** Gives items {@code tokenId} holds back to the queue at once; returns those it gave back. */
  public List<QueuedWork> release(UUID orgId, UUID tokenId, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<QueuedWork> released =
        query(
            "update work_items w set status = 'queued', claimed_by_token = null,"
                + " lease_expires_at = null where org_id = ? and claimed_by_token = ?"
                + " and status = 'claimed' and id = any(?)"
                + RETURNING,
            orgId,
            tokenId,
            ids.toArray(UUID[]::new));
    released.forEach(this::announce);
    return released;
  }

  /** Claimed items whose lease ran out, locked for the sweeper. */
  public List<QueuedWork> expired(UUID orgId) {
    return query(
        "select w.id, w.org_id, w.deployment_id, w.kind, w.run_id, w.payload::text, w.created_at"
            + " from work_items w where w.org_id = ? and w.status = 'claimed'"
            + " and w.lease_expires_at < now() for update skip locked",
        orgId);
  }

  /** Puts an item back in the queue and wakes a held poll of its deployment on commit. */
  public void requeue(QueuedWork item) {
    update(
        "update work_items set status = 'queued', claimed_by_token = null,"
            + " lease_expires_at = null where org_id = ? and id = ?",
        item.orgId(),
        item.id());
    announce(item);
  }

  private void announce(QueuedWork item) {
    signals.work(item.orgId(), item.deploymentId(), item.id());
  }

  /** Marks an item done. */
  public void complete(UUID orgId, UUID id) {
    update(
        "update work_items set status = 'done', done_at = now(), lease_expires_at = null"
            + " where org_id = ? and id = ? and status <> 'done'",
        orgId,
        id);
  }

  /** Marks the run's open items of {@code kinds} done; returns how many were queued still. */
  public int completeForRun(UUID orgId, UUID runId, String... kinds) {
    List<QueuedWork> done =
        query(
            "update work_items w set status = 'done', done_at = now(), lease_expires_at = null"
                + " from (select id, status as before from work_items where org_id = ?"
                + " and run_id = ? and kind = any(?) and status <> 'done' for update) c"
                + " where w.id = c.id"
                + " returning w.id, w.org_id, w.deployment_id, c.before, w.run_id,"
                + " w.payload::text, w.created_at",
            orgId,
            runId,
            kinds);
    return (int) done.stream().filter(w -> w.kind().equals("queued")).count();
  }

  /** Items held by {@code tokenId} for a code location, to finish them from heartbeats. */
  public List<QueuedWork> heldLoads(UUID orgId, UUID tokenId) {
    return query(
        "select w.id, w.org_id, w.deployment_id, w.kind, w.run_id, w.payload::text, w.created_at"
            + " from work_items w where w.org_id = ? and w.claimed_by_token = ?"
            + " and w.status = 'claimed' and w.kind = 'load_code_location'",
        orgId,
        tokenId);
  }

  private static String interval(Duration duration) {
    return duration.toMillis() + " milliseconds";
  }

  private List<QueuedWork> query(String sql, Object... args) {
    return Sql.list(transactions.connection(), sql, this::row, args);
  }

  private QueuedWork row(ResultSet rs) throws SQLException {
    return new QueuedWork(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getObject(5, UUID.class),
        read(rs.getString(6)),
        rs.getTimestamp(7).toInstant());
  }

  private int update(String sql, Object... args) {
    return Sql.update(transactions.connection(), sql, args);
  }

  private String write(Map<String, Object> payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Object> read(String payload) {
    try {
      return json.readValue(payload, Argument.mapOf(String.class, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
