// Staleness by data version (issue 13) against `materia dev` with the seed examples:
// cleaned_sales_data stays up to date when raw_sales_data is materialized again with the same
// sales, and turns Stale, saying why, once raw_sales_data is materialized with a new sale appended
// to the file the seed's sales source reads (MATERIA_SALES_FILE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";

const newPage = browserForTests(30_000);
const RUN_LINK = /^run [0-9a-f]{8}$/;
const assetUrl = (key) => `${baseUrl}/orgs/local/deployments/dev/assets/${key}`;

/** Opens the run a launch linked and waits for it to succeed. */
async function followToSuccess(page, link) {
  const runId = (await link.textContent()).replace("run ", "");
  await link.click();
  await page.getByRole("heading", { level: 1, name: `Run ${runId}` }).waitFor();
  await page.getByRole("log", { name: "Run events" }).getByText("Run finished: SUCCESS").waitFor();
}

/** Materializes an asset from its own page and waits for the run to succeed. */
async function materializeFromPage(page, key) {
  await page.goto(assetUrl(key));
  await page.getByRole("heading", { level: 1, name: key }).waitFor();
  const launch = page.getByRole("form", { name: "Launch a run" });
  await launch.getByRole("button", { name: "Materialize", exact: true }).click();
  const launched = launch.getByRole("link", { name: RUN_LINK });
  await launched.waitFor();
  await followToSuccess(page, launched);
}

/** Opens an asset's page and waits until its status badge says `label`. */
async function expectStatus(page, key, label) {
  await page.goto(assetUrl(key));
  await page.getByRole("heading", { level: 1, name: key }).waitFor();
  await page.locator(".status-badge", { hasText: label }).first().waitFor();
}

test("cleaned_sales_data turns Stale after raw_sales_data is materialized with new data", async () => {
  const salesFile = process.env.MATERIA_SALES_FILE;
  assert.ok(salesFile, "MATERIA_SALES_FILE names the seed's sales file");
  const { page, problems } = await newPage();
  await page.goto(`${baseUrl}/orgs/local/deployments/dev/assets`);
  await signIn(page);

  // 1. Both assets in one run, so cleaned_sales_data records the data version it read.
  const table = page.getByRole("table", { name: "Assets" });
  await table.getByRole("link", { name: "raw_sales_data" }).waitFor();
  await table.getByRole("checkbox", { name: "Select raw_sales_data" }).check();
  await table.getByRole("checkbox", { name: "Select cleaned_sales_data" }).check();
  const selected = page.getByRole("region", { name: "Selected assets" });
  await selected.getByRole("button", { name: "Materialize 2 selected" }).click();
  const both = selected.getByRole("link", { name: RUN_LINK });
  await both.waitFor();
  await followToSuccess(page, both);
  await expectStatus(page, "cleaned_sales_data", "Up to date");
  await screenshot(page, "cleaned-up-to-date");

  // 2. The same sales again: a newer materialization, the same data version, still up to date.
  await materializeFromPage(page, "raw_sales_data");
  await expectStatus(page, "cleaned_sales_data", "Up to date");
  await screenshot(page, "cleaned-still-up-to-date");

  // 3. A new sale arrives: raw_sales_data gets a new data version and cleaned_sales_data is stale.
  appendFileSync(salesFile, "4,103,12.5\n");
  await materializeFromPage(page, "raw_sales_data");
  await expectStatus(page, "cleaned_sales_data", "Stale");
  await page.getByText("upstream raw_sales_data has a newer data version").first().waitFor();
  await screenshot(page, "cleaned-stale");
  assert.deepEqual(problems, []);
});
