package dev.materia.controlplane.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("users")
record UserRow(@Id UUID id, String email, String name, String passwordHash, Instant createdAt) {}
