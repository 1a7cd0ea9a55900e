// Staleness by data version (issue 13) against `materia dev` with the seed examples:
// cleaned_sales_data stays up to date when raw_sales_data is materialized again with the same
// sales, and turns Stale, saying why, once raw_sales_data is materialized with a new sale appended
// to the file the seed's sales source reads (MATERIA_SALES_FILE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";
import {
  assetUrl,
  followToSuccess,
  materializeOnAssetPage,
  materializeSelected,
} from "./steps.mjs";

const newPage = browserForTests(30_000);

/** Materializes an asset from its own page and waits for the run to succeed. */
async function materializeFromPage(page, key) {
  await page.goto(assetUrl(key));
  await page.getByRole("heading", { level: 1, name: key }).waitFor();
  await followToSuccess(page, await materializeOnAssetPage(page));
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
  await followToSuccess(
    page,
    await materializeSelected(page, ["raw_sales_data", "cleaned_sales_data"]),
  );
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
