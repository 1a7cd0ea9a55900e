// The data pages against a real `materia dev` environment, in a deployment of their own that no
// agent serves (materia dev's agent serves `dev`): a small snapshot goes in through the agent API,
// then the catalog, an asset's detail, the lineage graph (launching a materialization of a
// selection), the run it queued (cancelled before any agent took it) and the runs list — each
// over the real routes, with a screenshot. Last, a second location's daily asset in
// America/New_York shows the partition keys the server computes, across the spring-forward day.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, browserForTests, screenshot, signIn } from "./browser.mjs";

const org = process.env.MATERIA_ORG ?? "local";
const deployment = "uploads";
const base = `/api/v1/orgs/${org}/deployments/${deployment}`;
const consolePath = (page) => `${baseUrl}/orgs/${org}/deployments/${deployment}/${page}`;
const timeout = 20_000;

const asset = (key, group, deps, extra = {}) => ({
  key,
  deps,
  group,
  description: `The ${key} table`,
  owners: ["team:data"],
  tags: {},
  kinds: ["duckdb"],
  codeVersion: "1",
  partitions: null,
  ioManager: null,
  ...extra,
});

const snapshot = {
  name: "seed",
  version: "1",
  assets: [
    asset("sales/raw_orders", "sales", [], {
      partitions: {
        kind: "DAILY",
        description: "daily partitions from 2024-01-01 in UTC",
        start: "2024-01-01T00:00",
        end: null,
        timezone: "UTC",
        staticKeys: [],
        name: null,
        dimensions: [],
      },
    }),
    asset("sales/orders", "sales", ["sales/raw_orders"]),
    asset("customers", "sales", []),
    asset("sales_summary", "reporting", ["sales/orders", "customers"]),
  ],
  checks: [
    { assetKey: "sales_summary", name: "not_empty", blocking: true, description: "has rows" },
  ],
  schedules: [],
  contentHash: null,
};

const openPage = browserForTests(timeout);
// One page for both tests: the second goes on where the first left off.
let page;
let problems;
let agentToken;

async function api(method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: { "Content-Type": "application/json", "X-Materia-CSRF": "1" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.text() };
    },
    { method, path, body },
  );
}

/** Registers the snapshot's code location, then uploads the snapshot as its agent would. */
async function uploadAsAgent(located) {
  const location = await api("POST", `${base}/code-locations`, {
    name: located.name,
    artifact: `/opt/materia/${located.name}.jar`,
    version: located.version,
  });
  assert.ok([200, 201].includes(location.status), location.body);
  const upload = await fetch(
    `${baseUrl}/api/agent/v1/code-locations/${located.name}/snapshot?deployment=${deployment}`,
    {
      method: "PUT",
      headers: {
        Authorization: `Bearer ${agentToken}`,
        "Content-Type": "application/json",
        "Materia-Protocol": "1",
      },
      body: JSON.stringify(located),
    },
  );
  assert.equal(upload.status, 200, await upload.text());
}

test("a code location's snapshot fills the catalog, asset detail and lineage graph", async () => {
  ({ page, problems } = await openPage());
  await page.goto(baseUrl);
  await signIn(page);
  await page.waitForURL(/\/orgs\//);

  const created = await api("POST", `/api/v1/orgs/${org}/deployments`, { name: deployment });
  assert.equal(created.status, 201, created.body);
  const token = await api("POST", `/api/v1/orgs/${org}/agent-tokens`, {
    name: "data-pages",
    deployments: [deployment],
  });
  assert.equal(token.status, 201, token.body);
  agentToken = JSON.parse(token.body).token;
  await uploadAsAgent(snapshot);

  // The catalog: every asset, never materialized; search narrows it.
  await page.goto(consolePath("assets"));
  await page.getByText(`4 assets in ${deployment}`).waitFor();
  const table = page.getByRole("table", { name: "Assets" });
  await table.getByRole("link", { name: "sales_summary" }).waitFor();
  assert.equal(await table.getByText("Never materialized").count(), 4);
  await page.getByRole("searchbox", { name: "Search" }).fill("orders");
  await page.getByText(`2 assets match in ${deployment}`).waitFor();
  await screenshot(page, "uploaded-catalog");

  // An asset's detail: its deps, checks, and how to get data.
  await table.getByRole("link", { name: "sales/orders" }).click();
  await page.waitForURL(/\/assets\/sales\/orders$/);
  await page.getByRole("heading", { level: 1, name: "sales/orders" }).waitFor();
  await page.getByRole("link", { name: "sales/raw_orders" }).click();
  await page.getByRole("heading", { level: 1, name: "sales/raw_orders" }).waitFor();
  await page.getByRole("heading", { name: "Partitions" }).waitFor();
  await page.getByText(/0 of \d+ listed partitions materialized/).waitFor();
  await screenshot(page, "uploaded-asset-detail");
});

test("from the lineage graph, a materialization of sales_summary and its ancestors is launched, then cancelled", async () => {
  await page.goto(consolePath("lineage"));
  await page.getByText(`4 assets and 3 dependencies in ${deployment}`).waitFor();
  const canvas = page.getByTestId("lineage-canvas");
  await canvas.and(page.locator("[data-layout=ready]")).waitFor();
  await canvas.getByRole("button", { name: /^sales_summary,/ }).click();
  const panel = page.getByRole("complementary", { name: "Selection" });
  await panel.getByRole("heading", { name: "sales_summary" }).waitFor();
  await panel.getByRole("button", { name: "Select upstream" }).click();
  await panel.getByRole("heading", { name: "4 assets selected" }).waitFor();
  await screenshot(page, "uploaded-lineage");
  // sales/raw_orders is daily: the launch names one of its partitions (the panel's picker).
  const launch = panel.getByRole("form", { name: "Launch a run" });
  await launch.getByRole("combobox", { name: "Partition", exact: true }).fill("2024-01-02");
  await launch.getByRole("button", { name: "Materialize 4 assets" }).click();
  const launched = panel.getByRole("link", { name: /^run [0-9a-f]{8}$/ });
  await launched.waitFor();

  await launched.click();
  await page.getByRole("heading", { level: 1, name: /^Run [0-9a-f]{8}$/ }).waitFor();
  await page.getByText("*sales_summary").first().waitFor();
  await page.getByText("Queued").first().waitFor();
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await page.getByText("Canceled").first().waitFor();
  await page.getByText("The run has finished; this is its whole log.").waitFor();
  await screenshot(page, "canceled-run");

  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Runs" })
    .click();
  await page.getByRole("heading", { level: 1, name: "Runs" }).waitFor();
  await page.getByRole("cell", { name: "*sales_summary seed" }).waitFor();
  await screenshot(page, "uploaded-runs");
  assert.deepEqual(problems, []);
});

test("a daily asset in America/New_York shows the keys the server computes, across the spring-forward day", async () => {
  // New York springs forward on 2024-03-10 (a 23-hour day); the end is exclusive.
  await uploadAsAgent({
    name: "zones",
    version: "1",
    assets: [
      asset("zones/new_york_daily", "zones", [], {
        partitions: {
          kind: "DAILY",
          description:
            "daily partitions from 2024-03-08 in America/New_York, ending before 2024-03-13",
          start: "2024-03-08T00:00",
          end: "2024-03-13T00:00",
          timezone: "America/New_York",
          staticKeys: [],
          name: null,
          dimensions: [],
        },
      }),
    ],
    checks: [],
    schedules: [],
    contentHash: null,
  });

  await page.goto(consolePath("assets/zones/new_york_daily"));
  await page.getByRole("heading", { level: 1, name: "zones/new_york_daily" }).waitFor();
  await page.getByText(/0 of \d+ listed partitions materialized/).waitFor();
  const grid = page.getByRole("list", { name: /^Partitions:/ });
  const shown = await grid
    .getByRole("button")
    .evaluateAll((cells) => cells.map((cell) => cell.title.split(":")[0]));
  const served = await api("GET", `${base}/asset-partition-keys/zones/new_york_daily`);
  assert.equal(served.status, 200, served.body);
  await screenshot(page, "new-york-partitions");

  assert.deepEqual(shown, JSON.parse(served.body).keys);
  assert.deepEqual(shown, ["2024-03-08", "2024-03-09", "2024-03-10", "2024-03-11", "2024-03-12"]);
  assert.deepEqual(problems, []);
});
