package dev.materia.controlplane.auth;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * The client's address for throttling and the audit log. Forwarding headers are trusted only when
 * {@code materia.client-address-header} names one (for example {@code X-Forwarded-For} behind a
 * load balancer); otherwise any client could claim any address and dodge the sign-in throttle.
 */
@Singleton
public final class ClientAddress {
  private final @Nullable String header;

  ClientAddress(@Property(name = "materia.client-address-header") @Nullable String header) {
    this.header = header == null || header.isBlank() ? null : header;
  }

  public String of(HttpRequest<?> request) {
    if (header != null) {
      String forwarded = request.getHeaders().get(header);
      if (forwarded != null && !forwarded.isBlank()) {
        // The load balancer appends the address it saw; earlier entries come from the client.
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].trim();
      }
    }
    java.net.InetSocketAddress remote = request.getRemoteAddress();
    return remote.getAddress() == null
        ? remote.getHostString()
        : remote.getAddress().getHostAddress();
  }
}
