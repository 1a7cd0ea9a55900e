package dev.materia.controlplane.deployments;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("deployments")
record DeploymentRow(@Id UUID id, UUID orgId, String name, Instant createdAt) {}
