package dev.materia.controlplane.codelocations;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.CodeLocationState;
import dev.materia.api.agent.CodeLocationStatus;
import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.api.agent.SnapshotAck;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.UniqueViolation;
import dev.materia.controlplane.assets.DefinitionIndex;
import dev.materia.controlplane.audit.AuditLog;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.deployments.Deployments;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The code locations of a deployment: CI registers them, agents load them and upload their
 * snapshots, and heartbeats report how loading went. Every method runs in the organization's tenant
 * transaction that {@code OrgAccess} opened.
 */
@Singleton
public final class CodeLocations {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$");
  static final int MAX_ARTIFACT = 2000;
  static final int MAX_VERSION = 200;

  /** Longest load error kept; the runtime's message comes first, so the start is what matters. */
  static final int MAX_ERROR = 20_000;

  private final CodeLocationStore store;
  private final Deployments deployments;
  private final CodeLocationLoadRequests loadRequests;
  private final DefinitionIndex index;
  private final AuditLog audit;

  CodeLocations(
      CodeLocationStore store,
      Deployments deployments,
      CodeLocationLoadRequests loadRequests,
      DefinitionIndex index,
      AuditLog audit) {
    this.store = store;
    this.deployments = deployments;
    this.loadRequests = loadRequests;
    this.index = index;
    this.audit = audit;
  }

  /**
   * What {@link #register} did.
   *
   * @param created whether the location is new
   * @param loadRequested whether agents were asked to load it (new, changed, or failed before)
   */
  public record Registration(CodeLocation location, boolean created, boolean loadRequested) {}

  /**
   * Registers a code location or a new version of it, and asks the deployment's agents to load it.
   * Registering the same artifact and version again changes nothing, unless loading it failed,
   * which asks for another attempt.
   */
  public Registration register(
      OrgScope scope,
      String deploymentName,
      @Nullable String name,
      @Nullable String artifact,
      @Nullable String version) {
    String checkedName = requireName(name, "name");
    String checkedArtifact = requireText(artifact, "artifact", MAX_ARTIFACT, "/opt/sales.jar");
    String checkedVersion = requireText(version, "version", MAX_VERSION, "2024.06.01-3f2a");
    Deployment deployment = deployments.require(scope, deploymentName);
    Optional<CodeLocationStore.Row> existing =
        store.lock(scope.orgId(), deployment.id(), checkedName);
    boolean created = existing.isEmpty();
    if (created) {
      try {
        store.insert(
            UUID.randomUUID(),
            scope.orgId(),
            deployment.id(),
            checkedName,
            checkedArtifact,
            checkedVersion);
      } catch (RuntimeException e) {
        if (UniqueViolation.in(e).isPresent()) {
          throw ApiException.conflict(
              "name", "code location " + checkedName + " is being registered; retry");
        }
        throw e;
      }
    } else {
      CodeLocationStore.Row row = existing.get();
      if (row.artifact().equals(checkedArtifact)
          && row.version().equals(checkedVersion)
          && row.status() != LoadStatus.FAILED) {
        return new Registration(row.view(), false, false);
      }
      store.reregister(scope.orgId(), row.id(), checkedArtifact, checkedVersion);
    }
    CodeLocationStore.Row row =
        store.find(scope.orgId(), deployment.id(), checkedName).orElseThrow();
    loadRequests.request(
        scope,
        deployment.id(),
        new LoadCodeLocation(
            UUID.randomUUID().toString(),
            deployment.name(),
            checkedName,
            checkedVersion,
            checkedArtifact));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("deployment", deployment.name());
    detail.put("name", checkedName);
    detail.put("artifact", checkedArtifact);
    detail.put("version", checkedVersion);
    audit.record(
        scope.orgId(),
        scope.actor(),
        created ? "code_location.create" : "code_location.update",
        row.id().toString(),
        detail);
    return new Registration(row.view(), created, true);
  }

  /** Every code location of a deployment, by name. */
  public List<CodeLocation> list(OrgScope scope, String deploymentName) {
    Deployment deployment = deployments.require(scope, deploymentName);
    return store.list(scope.orgId(), deployment.id()).stream()
        .map(CodeLocationStore.Row::view)
        .toList();
  }

  /** One code location, or 404. */
  public CodeLocation get(OrgScope scope, String deploymentName, String name) {
    Deployment deployment = deployments.require(scope, deploymentName);
    return store
        .find(scope.orgId(), deployment.id(), name)
        .orElseThrow(() -> notFound(scope, deployment, name))
        .view();
  }

  /**
   * Stores an agent's snapshot of code location {@code name}: an identical content hash is a no-op;
   * otherwise the asset index is replaced in this transaction, so a failure leaves the previous
   * snapshot whole. A snapshot that breaks a {@link SnapshotRule} is refused with 400 naming the
   * field, and nothing is stored.
   */
  public SnapshotAck acceptSnapshot(
      OrgScope scope,
      AgentCaller caller,
      @Nullable String deploymentName,
      String name,
      SnapshotUpload upload) {
    Objects.requireNonNull(upload, "upload == null");
    Deployment deployment = agentDeployment(scope, caller, deploymentName);
    if (!name.equals(upload.name())) {
      throw ApiException.invalid(
          "name",
          "the snapshot is of code location '"
              + upload.name()
              + "' but was sent to the route of '"
              + name
              + "'; upload it to /api/agent/v1/code-locations/"
              + upload.name()
              + "/snapshot");
    }
    CodeLocationSnapshot snapshot = validated(name, upload);
    CodeLocationStore.Row row =
        store
            .lock(scope.orgId(), deployment.id(), name)
            .orElseThrow(() -> notFound(scope, deployment, name));
    boolean loaded = Objects.equals(snapshot.version(), row.version());
    if (snapshot.contentHash().equals(row.snapshotHash())) {
      if (loaded && row.status() != LoadStatus.LOADED) {
        store.snapshot(
            scope.orgId(),
            row.id(),
            row.snapshotHash(),
            snapshot.version(),
            row.assetCount(),
            row.checkCount(),
            true);
      }
      return new SnapshotAck(snapshot.contentHash(), false);
    }
    SnapshotValidator.acrossLocations(
            deployment.name(), upload, index.deploymentAssets(scope.orgId(), deployment.id()))
        .ifPresent(
            refusal -> {
              throw ApiException.conflict(refusal.field(), refusal.message());
            });
    index.replace(scope.orgId(), deployment, row.id(), snapshot);
    store.snapshot(
        scope.orgId(),
        row.id(),
        snapshot.contentHash(),
        snapshot.version(),
        snapshot.assets().size(),
        snapshot.checks().size(),
        loaded);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("deployment", deployment.name());
    detail.put("name", name);
    detail.put("contentHash", snapshot.contentHash());
    detail.put("assets", snapshot.assets().size());
    audit.record(
        scope.orgId(), scope.actor(), "code_location.snapshot", row.id().toString(), detail);
    return new SnapshotAck(snapshot.contentHash(), true);
  }

  /**
   * Records that the control plane refused a snapshot of code location {@code name}: when it was of
   * the registered version, that version is FAILED with the refusal's message (class {@link
   * AgentProtocol#SNAPSHOT_REFUSED}), and the stored snapshot, the previous version's, keeps
   * serving. Call it in a transaction of its own, since the upload's rolled back. A refusal for a
   * deployment the token may not use, an unknown location, another version, or a version already
   * served changes nothing.
   *
   * @return whether the stored status changed
   */
  public boolean recordRefusedSnapshot(
      OrgScope scope,
      AgentCaller caller,
      @Nullable String deploymentName,
      String name,
      @Nullable String version,
      String refusal) {
    if (deploymentName == null || version == null) {
      return false;
    }
    Optional<Deployment> deployment =
        deployments.list(scope).stream()
            .filter(d -> d.name().equals(deploymentName) && caller.mayUse(d.id()))
            .findFirst();
    if (deployment.isEmpty()) {
      return false;
    }
    Optional<CodeLocationStore.Row> found = store.lock(scope.orgId(), deployment.get().id(), name);
    if (found.isEmpty()
        || !found.get().version().equals(version)
        || (found.get().status() == LoadStatus.LOADED
            && version.equals(found.get().snapshotVersion()))) {
      return false;
    }
    CodeLocationStore.Row row = found.get();
    String error = truncate(refusal, MAX_ERROR);
    if (row.status() == LoadStatus.FAILED
        && error.equals(row.loadError())
        && AgentProtocol.SNAPSHOT_REFUSED.equals(row.loadErrorClass())) {
      return false;
    }
    store.status(scope.orgId(), row.id(), LoadStatus.FAILED, AgentProtocol.SNAPSHOT_REFUSED, error);
    return true;
  }

  /**
   * Records what an agent's heartbeat says of one code location. Reports for a deployment the
   * agent's token may not use, for an unknown location, or for a version other than the registered
   * one (an agent that has not caught up) change nothing. LOADED counts only once the snapshot of
   * that version is stored (the upload marks it so itself): an agent that loaded a version whose
   * snapshot was refused, or not sent yet, does not make it LOADED. A refused snapshot's FAILED
   * stands until the version is registered again or its snapshot is stored.
   *
   * @return whether the stored status changed
   */
  public boolean recordAgentStatus(OrgScope scope, AgentCaller caller, CodeLocationStatus status) {
    Objects.requireNonNull(status, "status == null");
    Optional<Deployment> deployment =
        deployments.list(scope).stream()
            .filter(d -> d.name().equals(status.deployment()) && caller.mayUse(d.id()))
            .findFirst();
    if (deployment.isEmpty()) {
      return false;
    }
    Optional<CodeLocationStore.Row> found =
        store.find(scope.orgId(), deployment.get().id(), status.name());
    if (found.isEmpty() || !found.get().version().equals(status.version())) {
      return false;
    }
    CodeLocationStore.Row row = found.get();
    if (status.state() == CodeLocationState.LOADED
        && !status.version().equals(row.snapshotVersion())) {
      return false;
    }
    if (status.state() != CodeLocationState.FAILED
        && row.status() == LoadStatus.FAILED
        && AgentProtocol.SNAPSHOT_REFUSED.equals(row.loadErrorClass())) {
      return false;
    }
    LoadStatus next =
        switch (status.state()) {
          case LOADING -> LoadStatus.LOADING;
          case LOADED -> LoadStatus.LOADED;
          case FAILED -> LoadStatus.FAILED;
        };
    String errorClass =
        status.state() == CodeLocationState.FAILED ? status.error().className() : null;
    String error =
        status.state() == CodeLocationState.FAILED ? truncate(message(status), MAX_ERROR) : null;
    if (row.status() == next
        && Objects.equals(row.loadError(), error)
        && Objects.equals(row.loadErrorClass(), errorClass)) {
      return false;
    }
    store.status(scope.orgId(), row.id(), next, errorClass, error);
    return true;
  }

  private static String message(CodeLocationStatus status) {
    String message = status.error().message();
    return message.isBlank() ? status.error().className() : message;
  }

  /** The snapshot in its normal form, or 400 naming the first rule it breaks. */
  private static CodeLocationSnapshot validated(String name, SnapshotUpload upload) {
    List<SnapshotValidator.Violation> violations = SnapshotValidator.violations(upload);
    if (!violations.isEmpty()) {
      SnapshotValidator.Violation first = violations.getFirst();
      String more =
          violations.size() == 1
              ? ""
              : " (and "
                  + (violations.size() >= SnapshotValidator.MAX_REPORTED ? "at least " : "")
                  + (violations.size() - 1)
                  + " more problems)";
      throw ApiException.invalid(first.field(), first.message() + more);
    }
    try {
      return upload.toSnapshot();
    } catch (IllegalArgumentException e) {
      // What the validator leaves to the shared-api record: the name and the content hash.
      throw ApiException.invalid(
          SnapshotController.fieldOf(e.getMessage()),
          "code location " + name + ": " + e.getMessage());
    }
  }

  private Deployment agentDeployment(
      OrgScope scope, AgentCaller caller, @Nullable String deploymentName) {
    if (deploymentName == null || deploymentName.isBlank()) {
      throw ApiException.invalid(
          "deployment",
          "the query parameter deployment is required: the deployment the code location belongs"
              + " to, such as ?deployment=prod");
    }
    Deployment deployment = deployments.require(scope, deploymentName);
    if (!caller.mayUse(deployment.id())) {
      throw ApiException.forbidden(
          "deployment_not_allowed",
          "this agent token is not scoped to deployment "
              + deploymentName
              + "; an admin can create one that is at POST /api/v1/orgs/"
              + scope.slug()
              + "/agent-tokens");
    }
    return deployment;
  }

  private static ApiException notFound(OrgScope scope, Deployment deployment, String name) {
    return ApiException.notFound(
        "no code location '"
            + (name.length() > 100 ? name.substring(0, 97) + "..." : name)
            + "' in deployment "
            + deployment.name()
            + "; register it with POST /api/v1/orgs/"
            + scope.slug()
            + "/deployments/"
            + deployment.name()
            + "/code-locations");
  }

  static String requireName(@Nullable String name, String field) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid(field, field + " is required, like sales or marketing-etl");
    }
    if (!NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          field,
          field
              + " '"
              + truncate(name, 80)
              + "' is not a code location name: use 1 to 100 letters, digits, '_', '.' and '-',"
              + " starting with a letter or digit");
    }
    return name;
  }

  private static String requireText(@Nullable String value, String field, int max, String example) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(field, field + " is required, like " + example);
    }
    if (value.length() > max) {
      throw ApiException.invalid(
          field, field + " is " + value.length() + " characters long; at most " + max + " fit");
    }
    if (value.indexOf('\0') >= 0 || !value.strip().equals(value)) {
      throw ApiException.invalid(
          field, field + " holds a NUL character or leading or trailing spaces");
    }
    return value;
  }

  private static String truncate(String value, int max) {
    return value.length() > max ? value.substring(0, max - 3) + "..." : value;
  }
}
