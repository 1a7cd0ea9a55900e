package dev.materia.controlplane.console;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Adds the browser's security headers to every response, console and API alike.
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: scripts, styles, workers and fetches from this origin
 *       only, no inline script or style elements (the built console has none; React sets styles
 *       through the CSSOM, which the policy allows), no plugins, no {@code <base>}, and no framing.
 *   <li>{@code X-Frame-Options: DENY} for browsers that predate {@code frame-ancestors}; {@code
 *       X-Content-Type-Options: nosniff}; {@code Referrer-Policy: same-origin}.
 *   <li>{@code Strict-Transport-Security} when the request came over TLS: to this server, or to a
 *       load balancer that says so in the header {@code materia.forwarded-proto-header} names (such
 *       as {@code X-Forwarded-Proto}); that header counts only when configured, since any client
 *       could send it.
 * </ul>
 */
@ServerFilter("/**")
public final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "worker-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");
  static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

  private final @Nullable String forwardedProtoHeader;

  SecurityHeaders(
      @Property(name = "materia.forwarded-proto-header") @Nullable String forwardedProtoHeader) {
    this.forwardedProtoHeader =
        forwardedProtoHeader == null || forwardedProtoHeader.isBlank()
            ? null
            : forwardedProtoHeader;
  }

  @ResponseFilter
  void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    MutableHttpHeaders headers = response.getHeaders();
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Frame-Options", "DENY");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    if (overTls(request)) {
      headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    }
  }

  private boolean overTls(HttpRequest<?> request) {
    if (request.isSecure()) {
      return true;
    }
    if (forwardedProtoHeader == null) {
      return false;
    }
    String proto = request.getHeaders().get(forwardedProtoHeader);
    if (proto == null) {
      return false;
    }
    // A chain of proxies appends; the last entry is the one our load balancer wrote.
    String[] hops = proto.split(",");
    return hops[hops.length - 1].trim().equalsIgnoreCase("https");
  }
}
