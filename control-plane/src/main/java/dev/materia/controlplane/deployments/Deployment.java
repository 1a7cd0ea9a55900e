package dev.materia.controlplane.deployments;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** An isolated environment of an organization: {@code prod}, {@code staging}, a branch. */
@Serdeable
public record Deployment(UUID id, String name, Instant createdAt) {
  static Deployment of(DeploymentRow row) {
    return new Deployment(row.id(), row.name(), row.createdAt());
  }
}
