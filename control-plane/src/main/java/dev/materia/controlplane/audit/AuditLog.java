package dev.materia.controlplane.audit;

import dev.materia.controlplane.access.Actor;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Records who did what: sign-ins, token creation and revocation, role and membership changes,
 * deployment changes. Each entry is written in the caller's transaction, so it exists exactly when
 * the change it describes does.
 */
@Singleton
public final class AuditLog {
  private final AuditRepository repository;
  private final JsonMapper json;

  AuditLog(AuditRepository repository, JsonMapper json) {
    this.repository = repository;
    this.json = json;
  }

  /**
   * Records an organization's event; call it inside that organization's tenant transaction.
   *
   * @param action a dotted name such as {@code token.create}
   * @param subject what was acted on, such as a token or user id
   */
  public void record(
      UUID orgId, Actor actor, String action, String subject, Map<String, ?> detail) {
    Objects.requireNonNull(orgId, "orgId == null");
    insert(orgId, actor, action, subject, detail);
  }

  /**
   * Records an event of a person's account (sign-in, sign-out); call it inside a transaction scoped
   * to that user.
   */
  public void recordAccountEvent(Actor actor, String action, Map<String, ?> detail) {
    Objects.requireNonNull(actor.userId(), "account events need actor.userId");
    insert(null, actor, action, actor.userId().toString(), detail);
  }

  private void insert(
      UUID orgId, Actor actor, String action, String subject, Map<String, ?> detail) {
    try {
      repository.insert(
          orgId,
          actor.userId(),
          actor.tokenId(),
          action,
          subject,
          json.writeValueAsString(detail),
          actor.ip());
    } catch (IOException e) {
      throw new UncheckedIOException("audit detail of " + action + " is not JSON", e);
    }
  }
}
