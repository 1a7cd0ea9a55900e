// The console's acceptance walk (issue 6) against `materia dev`, whose agent has loaded the seed
// examples as code location `seed`: sign in; see the example graph; materialize sales_summary (with
// its upstream assets) from the graph; watch the run go green with its log arriving live over SSE;
// see the new materialization in the asset's detail. Every wait is for something on the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";

// A run of three in-process steps takes well under a second; the margin is for a loaded machine.
const newPage = browserForTests(30_000);

test("sign in, materialize sales_summary from the graph, watch it go green, see its materialization", async () => {
  const { page, problems } = await newPage();
  const streams = [];
  page.on("request", (request) => {
    if (/\/runs\/[0-9a-f-]+\/events\/stream/.test(request.url())) streams.push(request.url());
  });
  const nav = page.getByRole("navigation", { name: "Console" });

  // 1. Sign in.
  await page.goto(baseUrl);
  await signIn(page);
  await page.waitForURL(/\/orgs\/local\/deployments\/dev$/);
  await page.getByRole("heading", { name: "9 assets in 3 groups" }).waitFor();
  await page.getByRole("rowheader", { name: "seed" }).waitFor();
  await screenshot(page, "home");

  // 2. The example graph: sales, orders and features, laid out, nothing materialized yet.
  await nav.getByRole("link", { name: "Lineage" }).click();
  await page.getByText("9 assets and 6 dependencies in dev").waitFor();
  const canvas = page.getByTestId("lineage-canvas");
  await canvas.and(page.locator("[data-layout=ready]")).waitFor();
  for (const key of ["raw_sales_data", "cleaned_orders", "customer_segments"]) {
    await canvas.getByRole("button", { name: `${key}, Never materialized` }).waitFor();
  }
  const summary = canvas.getByRole("button", { name: /^sales_summary, / });
  assert.equal(await summary.getAttribute("aria-label"), "sales_summary, Never materialized");

  // 3. Materialize sales_summary with what it reads, from the graph.
  await summary.click();
  const panel = page.getByRole("complementary", { name: "Selection" });
  await panel.getByRole("heading", { name: "sales_summary" }).waitFor();
  await panel.getByRole("button", { name: "Select upstream" }).click();
  await panel.getByRole("heading", { name: "3 assets selected" }).waitFor();
  await panel.getByText("*sales_summary").waitFor();
  await screenshot(page, "lineage");
  await panel.getByRole("button", { name: "Materialize 3 assets" }).click();
  const launched = panel.getByRole("link", { name: /^run [0-9a-f]{8}$/ });
  await launched.waitFor();
  const runId = (await launched.textContent()).replace("run ", "");
  // The graph colors itself live: the assets turn up to date once the run has materialized them.
  await canvas.getByRole("button", { name: "sales_summary, Up to date" }).waitFor();
  await canvas.getByRole("button", { name: "raw_sales_data, Up to date" }).waitFor();

  // 4. The run goes green, its events arriving over the live stream.
  await launched.click();
  await page.getByRole("heading", { level: 1, name: `Run ${runId}` }).waitFor();
  const log = page.getByRole("log", { name: "Run events" });
  await log.getByText("read 3 sales").waitFor();
  await log.getByText("Materialized sales_summary").waitFor();
  await log.getByText("Run finished: SUCCESS").waitFor();
  const facts = page.locator("dl.facts");
  await facts.getByText("Success", { exact: true }).waitFor();
  await page.getByText("The run has finished; this is its whole log.").waitFor();
  // materia dev runs in-process, so the agent names no compute log file of the run's own.
  await facts.getByText(/the agent named no compute log for this run/).waitFor();
  assert.ok(streams.length > 0, "the run detail read the live event stream (SSE)");
  const steps = page.getByRole("table", { name: "Steps" });
  for (const step of ["raw_sales_data", "cleaned_sales_data", "sales_summary"]) {
    await steps.getByRole("row", { name: new RegExp(`^${step} `) }).waitFor({ state: "attached" });
  }
  await screenshot(page, "run-detail");

  // The log's level filter and search narrow what it shows.
  const events = await log.getByRole("listitem").count();
  await page.getByRole("checkbox", { name: "Info" }).uncheck();
  await page.getByText(new RegExp(`^\\d+ of ${events} events match$`)).waitFor();
  assert.equal(await log.getByText("read 3 sales").count(), 0);
  await page.getByRole("checkbox", { name: "Info" }).check();
  await page.getByText(`${events} events`, { exact: true }).waitFor();
  await page.getByRole("searchbox", { name: "Search the log" }).fill("sales_summary");
  await page.getByText(new RegExp(`^\\d+ of ${events} events match$`)).waitFor();
  assert.ok((await log.getByRole("listitem").count()) < events);

  // 5. The new materialization in the asset's detail, and the graph colored up to date.
  await nav.getByRole("link", { name: "Assets" }).click();
  const table = page.getByRole("table", { name: "Assets" });
  await table.getByRole("link", { name: "sales_summary" }).waitFor();
  await page.getByRole("searchbox", { name: "Search" }).fill("sales");
  await page.getByText("3 assets match in dev").waitFor();
  assert.equal(await table.getByText("Up to date").count(), 3);
  await screenshot(page, "catalog");
  await table.getByRole("link", { name: "sales_summary" }).click();
  await page.getByRole("heading", { level: 1, name: "sales_summary" }).waitFor();
  const history = page.getByRole("region", { name: "Materializations" });
  const row = history.getByRole("row").filter({ hasText: runId });
  await row.waitFor();
  await row.getByText(/row_count: 2/).waitFor();
  await page.getByRole("img", { name: "row_count over 1 materialization: 2" }).waitFor();
  await page.locator("dl.facts").getByText("Success", { exact: true }).waitFor();
  await screenshot(page, "asset-detail");

  // Its upstream asset's check ran in the same run, and shows in the check's history.
  await page.getByRole("link", { name: "cleaned_sales_data" }).click();
  await page.getByRole("heading", { level: 1, name: "cleaned_sales_data" }).waitFor();
  const checkHistory = page.getByRole("list", { name: "History of positive_amounts" });
  await checkHistory.getByRole("listitem").filter({ hasText: "passed" }).waitFor();
  assert.equal(await checkHistory.getByRole("listitem").count(), 1);

  await nav.getByRole("link", { name: "Lineage" }).click();
  await canvas.and(page.locator("[data-layout=ready]")).waitFor();
  await canvas.getByRole("button", { name: "sales_summary, Up to date" }).waitFor();
  await canvas.getByRole("button", { name: "raw_orders, Never materialized" }).waitFor();
  await screenshot(page, "lineage-after-run");

  await nav.getByRole("link", { name: "Runs" }).click();
  await page.getByRole("heading", { level: 1, name: "Runs" }).waitFor();
  await page.getByRole("link", { name: runId, exact: true }).waitFor();
  await screenshot(page, "runs");

  assert.deepEqual(problems, []);
});

test("backfill a range of daily_features partitions from its detail, and see them materialized", async () => {
  const { page, problems } = await newPage();
  // The three newest daily partitions (windows that have ended), as the runtime spells them.
  const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const [first, middle, last] = [daysAgo(3), daysAgo(2), daysAgo(1)];
  await page.goto(`${baseUrl}/orgs/local/deployments/dev/assets/daily_features`);
  await signIn(page);
  await page.getByRole("heading", { level: 1, name: "daily_features" }).waitFor();
  const partitions = page.getByRole("region", { name: "Partitions" });
  await partitions.getByText(/^0 of \d+ listed partitions materialized/).waitFor();

  // The range goes into the page's partition picker (the one launch form of every page).
  const launch = page.getByRole("form", { name: "Launch a run" });
  await launch.getByRole("radio", { name: "A range" }).check();
  await launch.getByRole("combobox", { name: "First partition" }).fill(first);
  await launch.getByRole("combobox", { name: "Last partition" }).fill(last);
  await launch.getByText("3 partitions", { exact: true }).waitFor();
  await launch.getByRole("button", { name: "Materialize", exact: true }).click();
  const launched = launch.getByRole("link", { name: /^run [0-9a-f]{8}$/ });
  await launched.waitFor();

  await launched.click();
  await page.getByText(`${first} … ${last}`).waitFor();
  const log = page.getByRole("log", { name: "Run events" });
  for (const day of [first, middle, last]) {
    await log.getByText(`Materialized daily_features [${day}]`).waitFor();
  }
  await log.getByText("Run finished: SUCCESS").waitFor();

  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "daily_features" }).waitFor();
  await partitions.getByText(/^3 of \d+ listed partitions materialized/).waitFor();
  await partitions.getByTitle(`${middle}: materialized`).waitFor();
  await partitions.getByTitle(`${daysAgo(4)}: missing`).waitFor();
  await screenshot(page, "partitions-backfilled");
  assert.deepEqual(problems, []);
});
