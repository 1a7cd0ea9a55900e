package dev.materia.controlplane.access;

import io.micronaut.core.annotation.Introspected;
import java.util.UUID;

/** An organization as its id, slug and name: what an agent's token opens (a query projection). */
@Introspected
public record OrgIdentity(UUID id, String slug, String name) {}
