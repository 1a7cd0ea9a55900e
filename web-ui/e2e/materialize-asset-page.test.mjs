// Materializing from the asset page (issue 13) against `materia dev` with the seed examples: the
// upstream of sales_summary materialized from the catalog's "Materialize selected" (one run), then
// sales_summary itself from its own page's Materialize button; each run succeeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";
import {
  assetUrl,
  followToSuccess,
  materializeOnAssetPage,
  materializeSelected,
} from "./steps.mjs";

const newPage = browserForTests(30_000);

test("materialize sales_summary from its asset page, its upstream from the catalog, and see both succeed", async () => {
  const { page, problems } = await newPage();
  await page.goto(`${baseUrl}/orgs/local/deployments/dev/assets`);
  await signIn(page);

  // 1. The catalog: check the two upstream rows and materialize them as one run.
  const upstream = await materializeSelected(page, ["raw_sales_data", "cleaned_sales_data"]);
  await screenshot(page, "catalog-selected");
  await followToSuccess(page, upstream);
  await page.getByText("cleaned_sales_data,raw_sales_data", { exact: true }).waitFor();

  // 2. sales_summary's own page: never materialized, then its Materialize button.
  await page.goto(assetUrl("sales_summary"));
  await page.getByRole("heading", { level: 1, name: "sales_summary" }).waitFor();
  const history = page.getByRole("region", { name: "Materializations" });
  await history.getByText("Never materialized yet.").waitFor();
  const launched = await materializeOnAssetPage(page);
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
