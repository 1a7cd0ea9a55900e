// Launching one partition from the lineage graph (issue 13) against `materia dev` with the seed
// examples: pick daily_features on the graph, type a day into the panel's partition picker (which
// suggests only matching keys of its 1,000+), materialize it, and see that run succeed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";
import { followToSuccess, RUN_LINK } from "./steps.mjs";

const newPage = browserForTests(30_000);

test("launch one partition of daily_features from the lineage graph's picker and see the run succeed", async () => {
  const { page, problems } = await newPage();
  // A daily window that has ended, as the runtime spells it.
  const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`${baseUrl}/orgs/local/deployments/dev/lineage`);
  await signIn(page);
  const canvas = page.getByTestId("lineage-canvas");
  await canvas.and(page.locator("[data-layout=ready]")).waitFor();
  await canvas.getByRole("button", { name: "daily_features, Never materialized" }).click();

  const panel = page.getByRole("complementary", { name: "Selection" });
  await panel.getByRole("heading", { name: "daily_features" }).waitFor();
  const launch = panel.getByRole("form", { name: "Launch a run" });
  await launch.getByText(/^[\d,]+ partitions, /).waitFor();
  const field = launch.getByRole("combobox", { name: "Partition", exact: true });
  await field.fill(day);
  // The field suggests only the keys matching what is typed, never the whole list.
  const list = await field.getAttribute("list");
  const suggested = await page.locator(`datalist[id="${list}"] option`).count();
  assert.ok(suggested <= 50, `at most 50 suggestions, got ${suggested}`);
  await screenshot(page, "lineage-partition-picker");
  await launch.getByRole("button", { name: "Materialize it" }).click();
  const launched = launch.getByRole("link", { name: RUN_LINK });
  await launched.waitFor();

  await followToSuccess(page, launched);
  await page.locator("dl.facts").getByText(day, { exact: true }).waitFor();
  const log = page.getByRole("log", { name: "Run events" });
  await log.getByText(`Materialized daily_features [${day}]`).waitFor();
  await screenshot(page, "partition-run");
  assert.deepEqual(problems, []);
});
