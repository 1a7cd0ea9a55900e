// Shared setup for the end-to-end tests: the system Chromium driven by playwright-core.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** Where the control plane under test listens; set by the JUnit test that starts it. */
export const baseUrl = process.env.MATERIA_URL ?? "http://localhost:3000";

/** Screenshots of the main pages go here (under target/ when run from Maven). */
export const screenshotDir = process.env.MATERIA_SCREENSHOTS ?? "target/screenshots";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Flags for a sandboxed build machine: no GPU, and no background calls to Google's hosts.
const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export async function openBrowser() {
  return chromium.launch({ executablePath, headless: true, args });
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** The `materia dev` user the JUnit tests pass in (BrowserTests.runAsDevUser). */
export const devUser = {
  email: process.env.MATERIA_DEV_EMAIL ?? "dev@localhost",
  password: process.env.MATERIA_DEV_PASSWORD,
};

/**
 * A laptop-sized page in a fresh context, and the problems seen on it: page errors and any
 * response of 400 or more except 401 (how the console learns it must sign in).
 */
export async function newPage(browser, timeout = 20_000) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400 && response.status() !== 401) {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  return { page, problems };
}

/** Fills and sends the sign-in form the page shows, as the dev user. */
export async function signIn(page) {
  await page.getByRole("heading", { name: "Sign in to Materia" }).waitFor();
  await page.getByLabel("Email").fill(devUser.email);
  await page.getByLabel("Password").fill(devUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * One browser for a test file's tests (opened before them, closed after) and a function that opens
 * a fresh signed-out page in it, with its problems: `const openPage = browserForTests(timeout)`.
 */
export function browserForTests(timeout) {
  let browser;
  before(async () => {
    assert.ok(devUser.password, "set MATERIA_DEV_PASSWORD to the dev user's password");
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => newPage(browser, timeout);
}
