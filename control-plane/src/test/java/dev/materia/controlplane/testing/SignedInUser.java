package dev.materia.controlplane.testing;

import java.util.UUID;

/**
 * A person signed in to the console of a {@link RunningControlPlane}, made by {@link Tenants}.
 *
 * @param org the organization the fixture made them a member of
 * @param cookie the session cookie, {@code name=value}
 * @param session a client that sends the cookie and the CSRF header, as the console does
 */
public record SignedInUser(
    UUID userId, String email, String password, String org, String cookie, ApiClient session) {}
