package dev.materia.controlplane.tenancy;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs invitation links until an email sender is configured. */
@Singleton
@Secondary
final class LoggedInvitationDelivery implements InvitationDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(InvitationDelivery.class);

  @Override
  public void deliver(String email, String organizationName, String link) {
    LOG.info(
        "Invitation for {} to join {} (no email sender is configured; send them this link): {}",
        email,
        organizationName,
        link);
  }
}
