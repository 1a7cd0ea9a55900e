// The console loads from a running control plane and reports it ready (on the sign-in page).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, openBrowser, screenshot } from "./browser.mjs";

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

test("the console's index page loads and shows the control plane ready", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const failed = [];
  page.on("requestfailed", (request) => failed.push(request.url()));
  const response = await page.goto(baseUrl);
  assert.equal(response.status(), 200);
  await page.getByText("Control plane ready").waitFor({ timeout: 30_000 });
  assert.match(await page.title(), /Materia$/);
  assert.deepEqual(failed, []);
  await screenshot(page, "console-home");
});

test("a deep link into the console survives a reload", async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${baseUrl}/orgs/local/deployments/dev/assets`);
  assert.equal(response.status(), 200);
  await page.getByRole("heading", { name: "Materia" }).waitFor({ timeout: 30_000 });
});
