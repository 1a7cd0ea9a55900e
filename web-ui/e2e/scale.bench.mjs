// The console at 10,000 assets / 30,000 edges, in the system Chromium against a real control plane:
// uploads a generated code-location snapshot through the real API (agent token, Materia-Protocol 1),
// then MEASURES — it asserts what must work, never how fast:
//   1. the lineage page: navigation start → groups collapsed, laid out (in the worker) and drawn;
//      main-thread long tasks meanwhile; then opening one group of 500 assets;
//   2. the catalog: frames while scrolling 10,000 rows, and rows kept in the DOM.
// Writes the numbers as JSON to $MATERIA_SCALE_REPORT (and prints them). `./materia bench --only
// console_10k` runs it (agent/cli bench/ConsoleBench: sizes, sign-in and the report's rows); by hand:
//   MATERIA_URL=http://localhost:3000 MATERIA_DEV_PASSWORD=… node --test e2e/scale.bench.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { baseUrl, devUser, openBrowser, screenshot, signIn } from "./browser.mjs";
import { generateSnapshot, GROUPS, LOCATION } from "./scale-snapshot.mjs";

const org = process.env.MATERIA_ORG ?? "local";
// A deployment of its own: materia dev's agent fills `dev` with the seed examples.
const deployment = process.env.MATERIA_DEPLOYMENT ?? "scale";
const ASSETS = Number(process.env.MATERIA_SCALE_ASSETS ?? 10_000);
const EDGES = Number(process.env.MATERIA_SCALE_EDGES ?? 30_000);
const GROUP_SIZE = ASSETS / GROUPS;
// An asset of group g0 near the end of the graph: many assets upstream of it.
const DEEP = `g0/asset_${ASSETS - GROUPS}`;
const report = { assets: ASSETS, edges: EDGES, groups: GROUPS };

let browser;
let page;
before(async () => {
  assert.ok(devUser.password, "set MATERIA_DEV_PASSWORD to the dev user's password");
  browser = await openBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Long tasks (> 50 ms on the main thread) from the very start of each page.
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  });
  page = await context.newPage();
  page.setDefaultTimeout(120_000);
});
after(async () => {
  await browser?.close();
  if (process.env.MATERIA_SCALE_REPORT) {
    mkdirSync(dirname(process.env.MATERIA_SCALE_REPORT), { recursive: true });
    writeFileSync(process.env.MATERIA_SCALE_REPORT, JSON.stringify(report, null, 2));
  }
  console.log(`MATERIA-SCALE ${JSON.stringify(report)}`);
});

/** A call to the API from the signed-in page (its session cookie, the CSRF header). */
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

const base = `/api/v1/orgs/${org}/deployments/${deployment}`;
const consolePath = (page) => `${baseUrl}/orgs/${org}/deployments/${deployment}/${page}`;

test("a generated 10,000-asset snapshot goes in through the agent API", async () => {
  await page.goto(baseUrl);
  await signIn(page);
  await page.waitForURL(/\/orgs\//);

  const created = await api("POST", `/api/v1/orgs/${org}/deployments`, { name: deployment });
  assert.ok([201, 409].includes(created.status), created.body);

  const token = await api("POST", `/api/v1/orgs/${org}/agent-tokens`, {
    name: `scale-${Date.now()}`,
    deployments: [deployment],
  });
  assert.equal(token.status, 201, token.body);
  const location = await api("POST", `${base}/code-locations`, {
    name: LOCATION,
    artifact: "/opt/materia/scale.jar",
    version: "v1",
  });
  assert.ok([200, 201].includes(location.status), location.body);

  const { snapshot, edgeCount } = generateSnapshot(ASSETS, EDGES);
  report.edges = edgeCount;
  const body = JSON.stringify(snapshot);
  report.snapshotBytes = body.length;
  const started = performance.now();
  const upload = await fetch(
    `${baseUrl}/api/agent/v1/code-locations/${LOCATION}/snapshot?deployment=${deployment}`,
    {
      method: "PUT",
      headers: {
        Authorization: `Bearer ${JSON.parse(token.body).token}`,
        "Content-Type": "application/json",
        "Materia-Protocol": "1",
      },
      body,
    },
  );
  report.snapshotUploadMs = Math.round(performance.now() - started);
  assert.equal(upload.status, 200, await upload.text());
  const graph = JSON.parse((await api("GET", `${base}/asset-graph`)).body);
  assert.equal(graph.nodes.length, ASSETS);
  assert.equal(graph.edges.length, edgeCount);
});

test("the lineage page opens with groups collapsed and is interactive", async () => {
  await page.goto(consolePath("lineage"));
  const canvas = page.getByTestId("lineage-canvas");
  await canvas.and(page.locator("[data-layout=ready]")).waitFor();
  const groups = canvas.getByRole("button", {
    name: new RegExp(`^Group g\\d+, ${GROUP_SIZE} assets`),
  });
  await groups.first().waitFor();
  assert.equal(await groups.count(), GROUPS);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const ready = performance.getEntriesByName("materia:graph-ready")[0];
    const graph = performance
      .getEntriesByType("resource")
      .find((r) => r.name.endsWith("/asset-graph"));
    const tasks = window.__longTasks;
    return {
      graphReadyMs: Math.round(ready.startTime),
      domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
      assetGraphResponseMs: graph ? Math.round(graph.responseEnd - graph.startTime) : null,
      assetGraphBytes: graph ? graph.encodedBodySize : null,
      longTasksUntilReady: tasks.filter((t) => t.start < ready.startTime).length,
      longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
      longTaskTotalMs: Math.round(tasks.reduce((s, t) => s + t.duration, 0)),
    };
  });
  report.lineage = timing;
  await screenshot(page, "scale-lineage-collapsed");

  // Interactive: a group opens (its assets laid out in the worker) and a node selects.
  const opened = await page.evaluate(() => performance.now());
  await groups.first().click();
  await canvas.getByRole("button", { name: /^g0\/asset_0,/ }).waitFor();
  await canvas.and(page.locator("[data-layout=ready]")).waitFor();
  report.lineage.expandGroupMs = Math.round(
    (await page.evaluate(() => performance.now())) - opened,
  );
  await page.getByRole("combobox", { name: "Find asset" }).fill(DEEP);
  await page.getByRole("button", { name: "Show" }).click();
  await page
    .getByRole("complementary", { name: "Selection" })
    .getByRole("heading", { name: DEEP })
    .waitFor();
  await page.getByRole("button", { name: "Select upstream" }).click();
  const selected = await page.getByRole("heading", { name: /assets selected$/ }).textContent();
  report.lineage.upstreamOfDeepAsset = selected;
  await screenshot(page, "scale-lineage-group-open");
});

test("the catalog scrolls its rows keeping only a window in the DOM", async () => {
  await page.goto(consolePath("assets"));
  await page.getByText(`${ASSETS.toLocaleString("en-US")} assets in ${deployment}`).waitFor();
  await page.getByRole("link", { name: "g0/asset_0", exact: true }).waitFor();
  const scroll = await page.evaluate(async () => {
    const scroller = document.querySelector("[data-testid=catalog-scroll]");
    const frames = [];
    let last = performance.now();
    const longTasksBefore = window.__longTasks.length;
    // 600 frames at 120 px per frame: about 1,400 rows, several pages fetched on the way.
    for (let i = 0; i < 600; i++) {
      scroller.scrollTop += 120;
      const now = await new Promise(requestAnimationFrame);
      frames.push(now - last);
      last = now;
    }
    const rows = document.querySelectorAll("[data-testid=catalog-scroll] [role=row]").length;
    const sorted = [...frames].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return {
      frames: frames.length,
      scrolledRows: Math.round(scroller.scrollTop / 52),
      meanFps: Math.round(1000 / (frames.reduce((s, f) => s + f, 0) / frames.length)),
      p50FrameMs: Math.round(at(0.5) * 10) / 10,
      p95FrameMs: Math.round(at(0.95) * 10) / 10,
      maxFrameMs: Math.round(sorted[sorted.length - 1]),
      framesOver50Ms: frames.filter((f) => f > 50).length,
      longTasks: window.__longTasks.length - longTasksBefore,
      longTaskMs: window.__longTasks.slice(longTasksBefore).map((t) => Math.round(t.duration)),
      rowsInDom: rows,
    };
  });
  report.catalog = scroll;
  assert.ok(scroll.rowsInDom < 100, `a window of rows, not ${scroll.rowsInDom}`);
  const expected = Math.min(1000, ASSETS / 2);
  assert.ok(scroll.scrolledRows > expected, `scrolled ${scroll.scrolledRows} rows`);
  await page
    .getByRole("link", { name: /asset_/ })
    .first()
    .waitFor();
  await screenshot(page, "scale-catalog-scrolled");
});
