// The console under its content security policy (issue 11): the policy is sent and enforced (an
// inline script is refused and reported), and the main pages work without a single violation —
// sign in, the home, the lineage graph laid out by its worker, a materialization launched from the
// graph with its run detail and step timeline, the catalog and an asset's detail with its plot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";

const newPage = browserForTests(30_000);

/**
 * Collects CSP violations on the page: `securitypolicyviolation` events in every document, and
 * the browser's "Refused to …" console errors (which workers report too).
 */
async function watchViolations(page) {
  const violations = [];
  await page.exposeFunction("materiaCspViolation", (text) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.materiaCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`),
    );
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("the console works under its content security policy without a violation", async () => {
  const { page, problems } = await newPage();
  const violations = await watchViolations(page);
  const nav = page.getByRole("navigation", { name: "Console" });

  // The policy is sent with the page, and enforced: an inline script is refused and reported.
  const response = await page.goto(baseUrl);
  const headers = response.headers();
  assert.match(headers["content-security-policy"], /script-src 'self'/);
  assert.match(headers["content-security-policy"], /frame-ancestors 'none'/);
  assert.equal(headers["x-frame-options"], "DENY");
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["referrer-policy"], "same-origin");
  const ran = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.materiaInlineRan = true";
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return window.materiaInlineRan === true;
  });
  assert.equal(ran, false, "an inline script ran despite the policy");
  // The report arrives asynchronously; wait for it, boundedly.
  for (let i = 0; i < 50 && !violations.some((v) => /script-src/.test(v)); i++) {
    await page.waitForTimeout(100);
  }
  assert.ok(
    violations.some((v) => /script-src/.test(v)),
    `the refused inline script was reported: ${violations}`,
  );
  violations.length = 0;

  // Sign in and the deployment's home.
  await signIn(page);
  await page.waitForURL(/\/orgs\/local\/deployments\/dev$/);
  await page.getByRole("rowheader", { name: "seed" }).waitFor();

  // The lineage graph, laid out by ELK in its web worker, and a materialization from it.
  await nav.getByRole("link", { name: "Lineage" }).click();
  const canvas = page.getByTestId("lineage-canvas");
  await canvas.and(page.locator("[data-layout=ready]")).waitFor();
  const summary = canvas.getByRole("button", { name: /^sales_summary, / });
  await summary.click();
  const panel = page.getByRole("complementary", { name: "Selection" });
  await panel.getByRole("button", { name: "Select upstream" }).click();
  await panel.getByRole("button", { name: "Materialize 3 assets" }).click();
  const launched = panel.getByRole("link", { name: /^run [0-9a-f]{8}$/ });
  await launched.waitFor();
  await canvas.getByRole("button", { name: "sales_summary, Up to date" }).waitFor();
  await screenshot(page, "csp-lineage");

  // The run's detail: the live log over SSE and the step timeline.
  await launched.click();
  const log = page.getByRole("log", { name: "Run events" });
  await log.getByText("Run finished: SUCCESS").waitFor();
  const steps = page.getByRole("table", { name: "Steps" });
  await steps.getByRole("row", { name: /^sales_summary / }).waitFor({ state: "attached" });
  await screenshot(page, "csp-run-detail");

  // The catalog and an asset's detail with its plot.
  await nav.getByRole("link", { name: "Assets" }).click();
  const table = page.getByRole("table", { name: "Assets" });
  await table.getByRole("link", { name: "sales_summary" }).click();
  await page.getByRole("heading", { level: 1, name: "sales_summary" }).waitFor();
  await page.getByRole("img", { name: /^row_count over 1 materialization/ }).waitFor();
  await screenshot(page, "csp-asset-detail");

  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
});
