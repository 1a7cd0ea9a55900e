package dev.materia.controlplane.access;

import java.security.Principal;

/**
 * Who sent a request, as established by {@code auth.CallerFilter}. Controllers declare a {@link
 * UserCaller} or {@link AgentCaller} parameter; a request without that kind of credential gets 401
 * before the controller runs.
 */
public sealed interface Caller extends Principal permits UserCaller, AgentCaller {
  /** The client address, for the audit log and sign-in throttling. */
  String ip();
}
