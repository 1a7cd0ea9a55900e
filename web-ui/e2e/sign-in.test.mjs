// Signing in and the admin pages, against a real `materia dev` environment: sign in as the dev
// user, land on the deployment home, switch deployment, create and revoke an API token, sign out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, browserForTests, devUser, screenshot, signIn } from "./browser.mjs";

const email = devUser.email;
// Each wait ends as soon as the page shows what it waits for; the margin is for a loaded machine.
const newPage = browserForTests(30_000);

/**
 * Every console error and every response of 400 or more (401 included) on `page` until `stop()`,
 * which returns them: the console asks /api/v1/me only when the server's signed-in marker is there.
 */
function watchForFailures(page) {
  const seen = [];
  let watching = true;
  page.on("console", (message) => {
    if (watching && message.type() === "error") {
      seen.push(`console error: ${message.text()}`);
    }
  });
  page.on("response", (response) => {
    if (watching && response.status() >= 400) {
      seen.push(`${response.status()} for ${response.url()}`);
    }
  });
  return {
    stop() {
      watching = false;
      return [...seen];
    },
  };
}

test("the dev user signs in, sees the seed deployment, switches deployment, creates and revokes an API token, signs out", async () => {
  const { page, problems } = await newPage();
  const onLoad = watchForFailures(page);

  await page.goto(baseUrl);
  await page.waitForURL(/\/sign-in/);
  await page.getByText("Control plane ready").waitFor();
  assert.deepEqual(
    onLoad.stop(),
    [],
    "a fresh visitor's sign-in page logs nothing and nothing fails",
  );
  await screenshot(page, "sign-in");
  await signIn(page);

  await page.waitForURL(/\/orgs\/local\/deployments\/dev$/);
  await page.getByRole("heading", { level: 1, name: "dev" }).waitFor();
  // materia dev's agent has loaded the seed examples: sales, orders and features.
  await page.getByRole("heading", { name: "9 assets in 3 groups" }).waitFor();
  await page.getByRole("rowheader", { name: "seed" }).waitFor();
  await screenshot(page, "deployment-home");

  // The switcher keeps the page and changes the deployment.
  await page.getByRole("button", { name: /switch organization or deployment/ }).click();
  await page
    .getByRole("navigation", { name: "Deployments" })
    .getByRole("link", { name: "prod" })
    .click();
  await page.waitForURL(/\/orgs\/local\/deployments\/prod$/);
  await page.getByRole("heading", { level: 1, name: "prod" }).waitFor();

  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "API tokens" })
    .click();
  await page.waitForURL(/\/deployments\/prod\/settings\/tokens$/);
  await page.getByText("No API tokens yet").waitFor();
  await page.getByLabel("Name").fill("e2e-ci");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByLabel("API token");
  await secret.waitFor();
  const token = await secret.inputValue();
  assert.match(token, /^mtu_[0-9A-Za-z]{36}$/);
  await page.getByText("will not show it again").waitFor();
  await screenshot(page, "api-token-created");

  // The token works as a bearer token, and disappears from the page once dismissed.
  const me = await page.request.get(`${baseUrl}/api/v1/me`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(me.status(), 200);
  await page.getByRole("button", { name: "I have stored it" }).click();
  await page.getByRole("cell", { name: "e2e-ci", exact: true }).waitFor();
  assert.equal(await page.getByLabel("API token").count(), 0);
  assert.ok(!(await page.content()).includes(token), "the secret is gone from the page");
  await screenshot(page, "api-tokens");

  await page.getByRole("button", { name: "Revoke e2e-ci" }).click();
  await page.getByRole("button", { name: "Revoke e2e-ci now" }).click();
  await page.getByText("No API tokens yet").waitFor();
  const afterRevoke = await page.request.get(`${baseUrl}/api/v1/me`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(afterRevoke.status(), 401);

  // Each admin page, once what it lists is there.
  const agents = page.getByRole("table", { name: "Agents" });
  for (const [link, loaded, name] of [
    [
      "Deployments",
      page.getByRole("main").getByRole("link", { name: "dev", exact: true }),
      "deployments",
    ],
    ["Members", page.getByRole("cell", { name: email, exact: true }), "members"],
    // materia dev's own agent is up, with the seed location loaded, and its token listed.
    ["Agents", page.getByRole("cell", { name: "materia dev agent", exact: true }), "agents"],
  ]) {
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: link })
      .click();
    await page.getByRole("heading", { level: 1, name: link }).waitFor();
    await loaded.waitFor();
    await screenshot(page, name);
  }
  await agents.getByText("Up", { exact: true }).waitFor();
  await agents.getByText(/dev\/seed .*: loaded/).waitFor();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in\?signed-out=1$/);
  await page.getByText("You are signed out").waitFor();
  const signedOut = await page.request.get(`${baseUrl}/api/v1/me`);
  assert.equal(signedOut.status(), 401);

  assert.deepEqual(problems, []);
});

test("a deep link asks for sign-in, then returns to the page it named", async () => {
  const { page, problems } = await newPage();
  const onLoad = watchForFailures(page);

  await page.goto(`${baseUrl}/orgs/local/deployments/dev/settings/members`);
  await page.waitForURL(/\/sign-in\?next=%2Forgs%2Flocal%2Fdeployments%2Fdev%2Fsettings%2Fmembers/);
  await page.getByText("Control plane ready").waitFor();
  assert.deepEqual(onLoad.stop(), [], "no request of a fresh visitor fails, not even a 401");
  await signIn(page);

  await page.waitForURL(/\/orgs\/local\/deployments\/dev\/settings\/members$/);
  await page.getByRole("heading", { level: 1, name: "Members" }).waitFor();
  await page.getByRole("cell", { name: email, exact: true }).waitFor();
  assert.deepEqual(problems, []);
});

test("a session that ends while the console is open sends to sign-in and back to the page", async () => {
  const { page, problems } = await newPage();
  await page.goto(`${baseUrl}/orgs/local/deployments/dev/runs`);
  await signIn(page);
  await page.getByRole("heading", { level: 1, name: "Runs" }).waitFor();

  // The session ends (expired or revoked): the cookie is gone, so the next request gets 401 —
  // the click below, or the runs list's own refresh if it comes first.
  await page.context().clearCookies();
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Assets" })
    .click();
  await page.waitForURL(
    /\/sign-in\?next=%2Forgs%2Flocal%2Fdeployments%2Fdev%2F(assets|runs)&expired=1$/,
  );
  await page.getByText("Your session ended. Sign in again to continue where you were.").waitFor();
  const next = new URL(page.url()).searchParams.get("next");
  await signIn(page);

  await page.waitForURL(`${baseUrl}${next}`);
  await page
    .getByRole("heading", { level: 1, name: next.endsWith("assets") ? "Assets" : "Runs" })
    .waitFor();
  assert.deepEqual(problems, []);
});

test("a wrong password is refused on the page, without leaving it", async () => {
  const { page } = await newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "The email or password is wrong" }).waitFor();
  assert.match(page.url(), /\/sign-in$/);
});
