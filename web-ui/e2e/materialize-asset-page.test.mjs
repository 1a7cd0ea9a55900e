// Materializing from the asset page (issue 13) against `materia dev` with the seed examples: the
// upstream of sales_summary materialized from the catalog's "Materialize selected" (one run), then
// sales_summary itself from its own page's Materialize button; each run succeeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";

const newPage = browserForTests(30_000);
const RUN_LINK = /^run [0-9a-f]{8}$/;

/** Opens the run a launch linked, and waits for it to succeed; returns its short id. */
async function followToSuccess(page, link) {
  const runId = (await link.textContent()).replace("run ", "");
  await link.click();
  await page.getByRole("heading", { level: 1, name: `Run ${runId}` }).waitFor();
  await page.getByRole("log", { name: "Run events" }).getByText("Run finished: SUCCESS").waitFor();
  await page.locator("dl.facts").getByText("Success", { exact: true }).waitFor();
  return runId;
}

test("materialize sales_summary from its asset page, its upstream from the catalog, and see both succeed", async () => {
  const { page, problems } = await newPage();
  await page.goto(`${baseUrl}/orgs/local/deployments/dev/assets`);
  await signIn(page);

  // 1. The catalog: check the two upstream rows and materialize them as one run.
  const table = page.getByRole("table", { name: "Assets" });
  await table.getByRole("link", { name: "raw_sales_data" }).waitFor();
  await table.getByRole("checkbox", { name: "Select raw_sales_data" }).check();
  await table.getByRole("checkbox", { name: "Select cleaned_sales_data" }).check();
  const selected = page.getByRole("region", { name: "Selected assets" });
  await selected.getByRole("button", { name: "Materialize 2 selected" }).click();
  const upstream = selected.getByRole("link", { name: RUN_LINK });
  await upstream.waitFor();
  await screenshot(page, "catalog-selected");
  await followToSuccess(page, upstream);
  await page.getByText("cleaned_sales_data,raw_sales_data", { exact: true }).waitFor();

  // 2. sales_summary's own page: never materialized, then its Materialize button.
  await page.goto(`${baseUrl}/orgs/local/deployments/dev/assets/sales_summary`);
  await page.getByRole("heading", { level: 1, name: "sales_summary" }).waitFor();
  const history = page.getByRole("region", { name: "Materializations" });
  await history.getByText("Never materialized yet.").waitFor();
  const launch = page.getByRole("form", { name: "Launch a run" });
  await launch.getByRole("button", { name: "Materialize", exact: true }).click();
  const launched = launch.getByRole("link", { name: RUN_LINK });
  await launched.waitFor();
  await screenshot(page, "asset-page-launched");
  const runId = await followToSuccess(page, launched);
  await page
    .getByRole("log", { name: "Run events" })
    .getByText("Materialized sales_summary")
    .waitFor();

  // 3. Back on the asset page: the new materialization, and the asset up to date.
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "sales_summary" }).waitFor();
  await history.getByRole("row").filter({ hasText: runId }).waitFor();
  await page.locator(".status-badge", { hasText: "Up to date" }).first().waitFor();
  await screenshot(page, "asset-page-materialized");
  assert.deepEqual(problems, []);
});
