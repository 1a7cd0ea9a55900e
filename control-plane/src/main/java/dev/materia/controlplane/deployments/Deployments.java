package dev.materia.controlplane.deployments;

import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.UniqueViolation;
import dev.materia.controlplane.audit.AuditLog;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An organization's deployments. Every method runs inside the organization's tenant transaction
 * that {@code OrgAccess} opened, and filters by organization itself (RLS is the second wall).
 */
@Singleton
public final class Deployments {
  /** Created with every organization and never deleted. */
  public static final String PROD = "prod";

  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  private final DeploymentRepository repository;
  private final AuditLog audit;

  Deployments(DeploymentRepository repository, AuditLog audit) {
    this.repository = repository;
    this.audit = audit;
  }

  public List<Deployment> list(OrgScope scope) {
    return repository.findByOrgIdOrderByName(scope.orgId()).stream().map(Deployment::of).toList();
  }

  /** The deployment called {@code name}, or 404. */
  public Deployment require(OrgScope scope, String name) {
    return repository
        .findByOrgIdAndName(scope.orgId(), name)
        .map(Deployment::of)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "no deployment '"
                        + name
                        + "' in "
                        + scope.slug()
                        + "; list them at GET"
                        + " /api/v1/orgs/"
                        + scope.slug()
                        + "/deployments"));
  }

  /** The deployments named in a request field, all of which must exist. */
  public List<Deployment> requireAll(OrgScope scope, Collection<String> names, String field) {
    Set<String> wanted = new LinkedHashSet<>(names);
    Map<String, Deployment> found =
        repository.findByOrgIdAndNameInList(scope.orgId(), wanted).stream()
            .map(Deployment::of)
            .collect(Collectors.toMap(Deployment::name, d -> d));
    for (String name : wanted) {
      if (!found.containsKey(name)) {
        throw ApiException.invalid(
            field, field + " names '" + name + "', which is not a deployment of " + scope.slug());
      }
    }
    return wanted.stream().map(found::get).toList();
  }

  /** Names of the deployments with these ids, in name order; unknown ids are left out. */
  public List<String> namesOf(OrgScope scope, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return repository.findByOrgIdAndIdInList(scope.orgId(), ids).stream()
        .map(DeploymentRow::name)
        .sorted()
        .toList();
  }

  /** Creates a deployment; 409 if the name is taken. */
  public Deployment create(OrgScope scope, String name) {
    String checked = requireName(name, "name");
    try {
      DeploymentRow row =
          repository.save(
              new DeploymentRow(
                  UUID.randomUUID(),
                  scope.orgId(),
                  checked,
                  Instant.now().truncatedTo(ChronoUnit.MICROS)));
      audit.record(
          scope.orgId(),
          scope.actor(),
          "deployment.create",
          row.id().toString(),
          Map.of("name", checked));
      return Deployment.of(row);
    } catch (RuntimeException e) {
      if (UniqueViolation.in(e).isPresent()) {
        throw ApiException.conflict(
            "name", "deployment '" + checked + "' exists in " + scope.slug());
      }
      throw e;
    }
  }

  /** Deletes a deployment other than {@code prod}. */
  public void delete(OrgScope scope, String name) {
    Deployment deployment = require(scope, name);
    if (PROD.equals(deployment.name())) {
      throw ApiException.conflict(
          "deployment", "prod is created with the organization and cannot be deleted");
    }
    repository.deleteByOrgIdAndId(scope.orgId(), deployment.id());
    audit.record(
        scope.orgId(),
        scope.actor(),
        "deployment.delete",
        deployment.id().toString(),
        Map.of("name", deployment.name()));
  }

  /** Creates {@code prod} for an organization being created; no audit of its own. */
  public Deployment createProd(UUID orgId) {
    return Deployment.of(
        repository.save(
            new DeploymentRow(
                UUID.randomUUID(), orgId, PROD, Instant.now().truncatedTo(ChronoUnit.MICROS))));
  }

  /** Creates {@code name} unless it exists, for provisioning that must be repeatable. */
  public Deployment ensure(UUID orgId, String name) {
    String checked = requireName(name, "name");
    return repository
        .findByOrgIdAndName(orgId, checked)
        .map(Deployment::of)
        .orElseGet(
            () ->
                Deployment.of(
                    repository.save(
                        new DeploymentRow(
                            UUID.randomUUID(),
                            orgId,
                            checked,
                            Instant.now().truncatedTo(ChronoUnit.MICROS)))));
  }

  static String requireName(String name, String field) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid(field, field + " is required, like staging or pr-42");
    }
    if (!NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          field,
          field
              + " '"
              + (name.length() > 80 ? name.substring(0, 77) + "..." : name)
              + "' is not a deployment name: use 1 to 63 lower-case letters, digits and dashes,"
              + " starting with a letter or digit");
    }
    return name;
  }
}
