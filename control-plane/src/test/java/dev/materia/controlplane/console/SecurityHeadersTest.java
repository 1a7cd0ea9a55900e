package dev.materia.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every response, console and API alike, carries the browser security headers: a strict content
 * security policy, no framing, no MIME sniffing, same-origin referrers, and HSTS over TLS.
 */
class SecurityHeadersTest {

  @Nested
  class OverPlainHttp {
    @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

    @Test
    void theConsolePageCarriesTheSecurityHeaders() {
      HttpResponse<String> page = controlPlane.get("/", "Accept", "text/html");

      assertThat(page.statusCode()).isEqualTo(200);
      assertSecurityHeaders(page.headers());
    }

    @Test
    void aDeepLinkIntoTheConsoleCarriesThem() {
      HttpResponse<String> page =
          controlPlane.get("/orgs/acme/deployments/prod/lineage", "Accept", "text/html");

      assertThat(page.statusCode()).isEqualTo(200);
      assertSecurityHeaders(page.headers());
    }

    @Test
    void aStaticAssetCarriesThem() {
      String index = controlPlane.get("/", "Accept", "text/html").body();
      String script = index.replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");

      HttpResponse<String> asset = controlPlane.get(script);

      assertThat(asset.statusCode()).isEqualTo(200);
      assertSecurityHeaders(asset.headers());
    }

    @Test
    void apiResponsesCarryThemWhetherAnsweredOrRefused() {
      assertSecurityHeaders(controlPlane.get("/api/v1/me").headers()); // 401
      assertSecurityHeaders(controlPlane.get("/api/v1/nothing-here").headers()); // 404
      assertSecurityHeaders(controlPlane.get("/api/openapi.yml").headers());
      assertSecurityHeaders(controlPlane.get("/health").headers());
    }

    @Test
    void plainHttpGetsNoStrictTransportSecurityEvenWhenAClientClaimsHttps() {
      HttpResponse<String> page =
          controlPlane.get("/", "Accept", "text/html", "X-Forwarded-Proto", "https");

      assertSecurityHeaders(page.headers());
      assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
  }

  @Nested
  class BehindATlsLoadBalancer {
    @RegisterExtension
    static final RunningControlPlane controlPlane =
        new RunningControlPlane(Map.of("materia.forwarded-proto-header", "X-Forwarded-Proto"));

    @Test
    void httpsForwardedByTheTrustedLoadBalancerGetsStrictTransportSecurity() {
      HttpResponse<String> page =
          controlPlane.get("/", "Accept", "text/html", "X-Forwarded-Proto", "https");

      assertSecurityHeaders(page.headers());
      assertThat(page.headers().firstValue("Strict-Transport-Security"))
          .hasValueSatisfying(value -> assertThat(value).startsWith("max-age=31536000"));
    }

    @Test
    void plainHttpForwardedByTheLoadBalancerGetsNone() {
      HttpResponse<String> api = controlPlane.get("/api/v1/me", "X-Forwarded-Proto", "http");

      assertSecurityHeaders(api.headers());
      assertThat(api.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
  }

  static void assertSecurityHeaders(HttpHeaders headers) {
    assertThat(headers.firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp.split(";\\s*"))
                    .contains(
                        "default-src 'self'",
                        "script-src 'self'",
                        "style-src 'self'",
                        "object-src 'none'",
                        "base-uri 'none'",
                        "frame-ancestors 'none'")
                    .noneMatch(directive -> directive.contains("unsafe")));
    assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("Referrer-Policy")).hasValue("same-origin");
  }
}
