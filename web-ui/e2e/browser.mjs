// Shared setup for the end-to-end tests: the system Chromium driven by playwright-core.
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
