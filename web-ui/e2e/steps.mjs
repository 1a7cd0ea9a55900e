// Steps the browser tests share against `materia dev`'s deployment `dev`: launching runs from the
// catalog and an asset's page, and following a launched run until it succeeds.
import { baseUrl } from "./browser.mjs";

/** The link to the run a launch started, named by the run's short id. */
export const RUN_LINK = /^run [0-9a-f]{8}$/;

/** An asset's page in the dev deployment. */
export const assetUrl = (key) => `${baseUrl}/orgs/local/deployments/dev/assets/${key}`;

/**
 * On the catalog, selects the rows of `keys` and materializes them as one run; returns the link to
 * that run.
 */
export async function materializeSelected(page, keys) {
  const table = page.getByRole("table", { name: "Assets" });
  await table.getByRole("link", { name: keys[0] }).waitFor();
  for (const key of keys) {
    await table.getByRole("checkbox", { name: `Select ${key}` }).check();
  }
  const selected = page.getByRole("region", { name: "Selected assets" });
  await selected.getByRole("button", { name: `Materialize ${keys.length} selected` }).click();
  const launched = selected.getByRole("link", { name: RUN_LINK });
  await launched.waitFor();
  return launched;
}

/** On an asset's page, presses its Materialize button; returns the link to the run it started. */
export async function materializeOnAssetPage(page) {
  const launch = page.getByRole("form", { name: "Launch a run" });
  await launch.getByRole("button", { name: "Materialize", exact: true }).click();
  const launched = launch.getByRole("link", { name: RUN_LINK });
  await launched.waitFor();
  return launched;
}

/** Opens the run a launch linked, and waits for it to succeed; returns its short id. */
export async function followToSuccess(page, link) {
  const runId = (await link.textContent()).replace("run ", "");
  await link.click();
  await page.getByRole("heading", { level: 1, name: `Run ${runId}` }).waitFor();
  await page.getByRole("log", { name: "Run events" }).getByText("Run finished: SUCCESS").waitFor();
  await page.locator("dl.facts").getByText("Success", { exact: true }).waitFor();
  return runId;
}
