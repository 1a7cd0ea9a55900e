package dev.materia.controlplane.access;

import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/**
 * Who did something the audit log records.
 *
 * @param userId the person, when a person acted (through a session or their token)
 * @param tokenId the token used, when one was
 * @param ip the client address
 */
public record Actor(@Nullable UUID userId, @Nullable UUID tokenId, @Nullable String ip) {}
