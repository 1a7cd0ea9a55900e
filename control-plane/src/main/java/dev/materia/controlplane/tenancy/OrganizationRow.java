package dev.materia.controlplane.tenancy;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("organizations")
record OrganizationRow(@Id UUID id, String slug, String name, Instant createdAt) {}
