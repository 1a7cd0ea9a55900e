package dev.materia.controlplane.agents;

import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.CodeLocationState;
import dev.materia.api.agent.CodeLocationStatus;
import dev.materia.api.agent.RunInHand;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.codelocations.CodeLocations;
import dev.materia.controlplane.queue.QueuedWork;
import dev.materia.controlplane.queue.WorkQueue;
import dev.materia.controlplane.runs.Dispatcher;
import dev.materia.controlplane.runs.Runs;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent registry: every heartbeat records the agent (version, last seen, status, code
 * locations, runs in hand), keeps the leases of the work it holds alive, finishes load items the
 * agent reports done, and gives back items a stopping agent releases.
 */
@Singleton
public final class AgentRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

  private final OrgAccess access;
  private final TenantTransactions transactions;
  private final WorkQueue queue;
  private final Dispatcher dispatcher;
  private final Runs runs;
  private final JsonMapper json;
  private final CodeLocations codeLocations;

  AgentRegistry(
      OrgAccess access,
      TenantTransactions transactions,
      WorkQueue queue,
      Dispatcher dispatcher,
      Runs runs,
      JsonMapper json,
      CodeLocations codeLocations) {
    this.access = access;
    this.transactions = transactions;
    this.queue = queue;
    this.dispatcher = dispatcher;
    this.runs = runs;
    this.json = json;
    this.codeLocations = codeLocations;
  }

  public void heartbeat(AgentCaller caller, AgentHeartbeat heartbeat) {
    if (caller.kind() != TokenKind.AGENT) {
      throw ApiException.forbidden(
          "wrong_token_kind", "heartbeats take an agent token (mta_), not a run token");
    }
    if (heartbeat.agentId().length() > 200) {
      throw ApiException.invalid("agentId", "agentId is longer than 200 characters");
    }
    access.inOrg(
        caller,
        scope -> {
          // Only runs of the token's deployments count: another deployment's runs are neither
          // refreshed nor listed as in hand.
          List<RunInHand> inHand = ownRuns(scope, caller, heartbeat.runs());
          // Runs first, then work items, in the order event ingestion and cancels lock them, so a
          // heartbeat and a batch of the same run never deadlock.
          runs.heard(
              scope.orgId(),
              inHand.stream()
                  .filter(r -> !r.status().isTerminal())
                  .map(r -> UUID.fromString(r.runId()))
                  .toList());
          record(scope, caller, heartbeat, inHand);
          for (CodeLocationStatus location : heartbeat.codeLocations()) {
            codeLocations.recordAgentStatus(scope, caller, location);
          }
          List<UUID> held = new ArrayList<>();
          for (RunInHand run : inHand) {
            uuid(run.workItemId()).ifPresent(held::add);
          }
          for (QueuedWork load : queue.heldLoads(scope.orgId(), caller.tokenId())) {
            CodeLocationStatus status = reported(heartbeat, load);
            if (status == null) {
              continue;
            }
            if (status.state() == CodeLocationState.LOADING) {
              held.add(load.id());
            } else {
              queue.complete(scope.orgId(), load.id());
            }
          }
          queue.renew(scope.orgId(), caller.tokenId(), held, dispatcher.lease());
          List<UUID> released =
              heartbeat.releasedWorkItems().stream()
                  .map(AgentRegistry::uuid)
                  .flatMap(Optional::stream)
                  .toList();
          dispatcher.giveBack(
              scope.orgId(),
              caller.tokenId(),
              released,
              "the agent gave the launch back while stopping; queued again");
          return null;
        });
  }

  private static CodeLocationStatus reported(AgentHeartbeat heartbeat, QueuedWork load) {
    for (CodeLocationStatus status : heartbeat.codeLocations()) {
      if (Objects.equals(status.name(), load.payload().get("name"))
          && Objects.equals(status.version(), load.payload().get("version"))) {
        return status;
      }
    }
    return null;
  }

  /**
   * The runs of {@code reported} that belong to the caller's deployments; the others (another
   * deployment's, unknown ids) are logged and dropped.
   */
  private List<RunInHand> ownRuns(OrgScope scope, AgentCaller caller, List<RunInHand> reported) {
    if (reported.isEmpty()) {
      return reported;
    }
    Set<UUID> ours =
        runs.inDeployments(
            scope.orgId(),
            caller.deploymentIds(),
            reported.stream()
                .map(RunInHand::runId)
                .map(AgentRegistry::uuid)
                .flatMap(Optional::stream)
                .toList());
    List<RunInHand> own = new ArrayList<>(reported.size());
    for (RunInHand run : reported) {
      if (uuid(run.runId()).filter(ours::contains).isPresent()) {
        own.add(run);
      } else {
        LOG.warn(
            "agent token {} reported run {} in hand, which is no run of its deployments; ignored",
            caller.tokenId(),
            run.runId().length() > 60 ? run.runId().substring(0, 60) + "..." : run.runId());
      }
    }
    return own;
  }

  private void record(
      OrgScope scope, AgentCaller caller, AgentHeartbeat heartbeat, List<RunInHand> inHand) {
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "insert into agents (org_id, agent_id, token_id, version, status, code_locations,"
                    + " runs) values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))"
                    + " on conflict (org_id, agent_id) do update set token_id = excluded.token_id,"
                    + " version = excluded.version, status = excluded.status,"
                    + " last_seen_at = now(), code_locations = excluded.code_locations,"
                    + " runs = excluded.runs")) {
      statement.setObject(1, scope.orgId());
      statement.setString(2, heartbeat.agentId());
      statement.setObject(3, caller.tokenId());
      statement.setString(4, heartbeat.version());
      statement.setString(5, heartbeat.stopping() ? "stopped" : "up");
      statement.setString(6, json.writeValueAsString(heartbeat.codeLocations()));
      statement.setString(7, json.writeValueAsString(inHand));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("recording agent " + heartbeat.agentId() + " failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The organization's agents, most recently seen first. */
  public List<AgentView> list(OrgScope scope) {
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "select agent_id, token_id, version, status, first_seen_at, last_seen_at,"
                    + " code_locations::text, runs::text from agents where org_id = ?"
                    + " order by last_seen_at desc, agent_id")) {
      statement.setObject(1, scope.orgId());
      List<AgentView> agents = new ArrayList<>();
      try (java.sql.ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          agents.add(
              new AgentView(
                  rs.getString(1),
                  rs.getObject(2, UUID.class),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getTimestamp(5).toInstant(),
                  rs.getTimestamp(6).toInstant(),
                  json.readValue(
                      rs.getString(7),
                      io.micronaut.core.type.Argument.listOf(CodeLocationStatus.class)),
                  json.readValue(
                      rs.getString(8), io.micronaut.core.type.Argument.listOf(RunInHand.class))));
        }
      }
      return agents;
    } catch (SQLException e) {
      throw new IllegalStateException("listing agents failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Marks agents silent for {@code silenceMillis}, blind spells left out, down; returns how many.
   */
  int markDown(UUID orgId, long silenceMillis) {
    try (PreparedStatement statement =
        transactions
            .connection()
            .prepareStatement(
                "update agents set status = 'down' where org_id = ? and status = 'up'"
                    + " and last_seen_at < now() - ?::interval"
                    + " and materia_heard_silence(last_seen_at) > ?::interval")) {
      statement.setObject(1, orgId);
      statement.setString(2, silenceMillis + " milliseconds");
      statement.setString(3, silenceMillis + " milliseconds");
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("marking agents down failed", e);
    }
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
