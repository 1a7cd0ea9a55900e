package dev.materia.controlplane.access;

import io.micronaut.core.annotation.Introspected;
import java.util.UUID;

/** An organization as one of its members sees it: with their role (a query projection). */
@Introspected
public record OrgMembership(UUID orgId, String slug, String name, String role) {}
