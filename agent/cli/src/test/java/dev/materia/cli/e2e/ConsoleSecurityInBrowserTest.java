package dev.materia.cli.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console under its content security policy in a real Chromium ({@code
 * web-ui/e2e/security.test.mjs}): the policy is sent and enforced, and signing in, the lineage
 * graph, a materialization with its run detail, the catalog and an asset's detail cause no
 * violation.
 */
class ConsoleSecurityInBrowserTest {
  @TempDir Path home;

  @Test
  void theConsoleWorksUnderItsContentSecurityPolicyWithoutAViolation() throws Exception {
    BrowserTests.runAsDevUser(
        home,
        "e2e/security.test.mjs",
        1,
        List.of("csp-lineage", "csp-run-detail", "csp-asset-detail"));
  }
}
