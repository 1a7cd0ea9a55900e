package dev.materia.controlplane.tenancy;

/**
 * Sends an invitation link to the invited address. The default writes it to the server log (no mail
 * is configured yet), so an operator can pass it on.
 */
public interface InvitationDelivery {
  void deliver(String email, String organizationName, String link);
}
