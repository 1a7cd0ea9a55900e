import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";

const SECRET = "mtu_abcdefghijklmnopqrstuvwxyz0123ABCDEF";

function view(id: string, name: string, extra: object = {}) {
  return {
    id,
    kind: "user",
    name,
    prefix: "mtu_abcd",
    scopes: ["api:read", "api:write"],
    userId: "u-1",
    deployments: [],
    createdAt: "2026-11-21T10:00:00Z",
    expiresAt: "2027-02-19T10:00:00Z",
    lastUsedAt: null,
    ...extra,
  };
}

describe("API tokens", () => {
  it("shows a new token once, with a copy button and a warning, and forgets it when dismissed", async () => {
    let tokens: object[] = [];
    const api = fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/members": [],
      "GET /api/v1/orgs/acme/tokens": () => tokens,
      "POST /api/v1/orgs/acme/tokens": () => {
        tokens = [view("t-1", "ci-deploy")];
        return {
          status: 201,
          body: { id: "t-1", token: SECRET, details: view("t-1", "ci-deploy") },
        };
      },
    });
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderConsole("/orgs/acme/deployments/prod/settings/tokens");

    await screen.findByText(/No API tokens yet/);
    await userEvent.type(screen.getByLabelText("Name"), "ci-deploy");
    await userEvent.selectOptions(screen.getByLabelText("Expires after"), "30");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));

    const secret = await screen.findByLabelText("API token");
    expect((secret as HTMLInputElement).value).toBe(SECRET);
    expect(screen.getByText(/will not show it again/)).toBeTruthy();
    const create = api.calls.find((c) => c.method === "POST")!;
    expect(create.body).toEqual({
      name: "ci-deploy",
      expiresInDays: 30,
      scopes: ["api:read", "api:write"],
    });
    await userEvent.click(screen.getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await screen.findByText("Copied to the clipboard.")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "I have stored it" }));

    expect(screen.queryByLabelText("API token")).toBeNull();
    expect(document.body.textContent).not.toContain(SECRET);
    const row = (await screen.findByRole("cell", { name: "ci-deploy" })).closest("tr")!;
    expect(within(row).getByText("mtu_abcd…")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Create token" })).toBeTruthy();
  });

  it("asks before revoking, then revokes", async () => {
    let tokens = [view("t-1", "ci-deploy")];
    const api = fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/members": [],
      "GET /api/v1/orgs/acme/tokens": () => tokens,
      "DELETE /api/v1/orgs/acme/tokens/t-1": () => {
        tokens = [];
        return { status: 204 };
      },
    });
    renderConsole("/orgs/acme/deployments/prod/settings/tokens");

    await userEvent.click(await screen.findByRole("button", { name: "Revoke ci-deploy" }));
    expect(api.calls.some((c) => c.method === "DELETE")).toBe(false);
    const confirm = screen.getByRole("button", { name: "Revoke ci-deploy now" });
    expect(document.activeElement).toBe(confirm);
    await userEvent.click(confirm);

    await screen.findByText(/No API tokens yet/);
    const revoke = api.calls.find((c) => c.method === "DELETE")!;
    expect(revoke.headers["X-Materia-CSRF"]).toBe("1");
  });

  it("shows an admin whose token each one is", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("admin"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/members": [
        {
          userId: "u-2",
          email: "bob@example.com",
          name: "Bob",
          role: "viewer",
          joinedAt: "2026-11-02T10:00:00Z",
        },
      ],
      "GET /api/v1/orgs/acme/tokens": [view("t-1", "mine"), view("t-2", "bobs", { userId: "u-2" })],
    });
    renderConsole("/orgs/acme/deployments/prod/settings/tokens");

    await screen.findByRole("heading", { name: "Tokens of every member" });
    const bobs = (await screen.findByRole("cell", { name: "bobs" })).closest("tr")!;
    expect(within(bobs).getByText("bob@example.com")).toBeTruthy();
    const mine = screen.getByRole("cell", { name: "mine" }).closest("tr")!;
    expect(within(mine).getByText("you")).toBeTruthy();
  });
});

describe("agent tokens", () => {
  it("with none yet, tells a newcomer how to install an agent", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("admin"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/agent-tokens": [],
      "GET /api/v1/orgs/acme/agents": [agent({ status: "down" })],
    });
    renderConsole("/orgs/acme/deployments/staging/settings/agents");

    await screen.findByRole("heading", { name: "No agent connected: here is how to install one" });
    const commands = screen.getByLabelText("Commands to start an agent").textContent!;
    expect(commands).toContain("MATERIA_AGENT_TOKEN=mta_…");
    expect(commands).toContain("MATERIA_DEPLOYMENTS=staging");
    expect(commands).toContain("materia agent");
  });

  it("creates a token scoped to the chosen deployments and shows it once with the agent's settings", async () => {
    const secret = "mta_abcdefghijklmnopqrstuvwxyz0123ABCDEF";
    const api = fakeApi({
      "GET /api/v1/me": meAs("owner"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/agent-tokens": [],
      "GET /api/v1/orgs/acme/agents": [],
      "POST /api/v1/orgs/acme/agent-tokens": (call: { body: { name: string } }) => ({
        status: 201,
        body: {
          id: "a-1",
          token: secret,
          details: view("a-1", call.body.name, { kind: "agent", deployments: ["staging", "prod"] }),
        },
      }),
    });
    renderConsole("/orgs/acme/deployments/staging/settings/agents");

    await userEvent.type(await screen.findByLabelText("Name"), "eu-cluster");
    const staging = screen.getByRole("checkbox", { name: "staging" }) as HTMLInputElement;
    expect(staging.checked).toBe(true);
    await userEvent.click(screen.getByRole("checkbox", { name: "prod" }));
    await userEvent.click(screen.getByRole("button", { name: "Create agent token" }));

    expect(((await screen.findByLabelText("Agent token")) as HTMLInputElement).value).toBe(secret);
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === "POST")?.body).toEqual({
        name: "eu-cluster",
        deployments: ["staging", "prod"],
      }),
    );
    const commands = screen.getAllByLabelText("Commands to start an agent").at(-1)!.textContent!;
    expect(commands).toContain(`MATERIA_AGENT_TOKEN=${secret}`);
    expect(commands).toContain("MATERIA_DEPLOYMENTS=staging,prod");

    await userEvent.click(screen.getByRole("button", { name: "I have stored it" }));
    expect(document.body.textContent).not.toContain(secret);
  });

  it("lists every agent with its status, last heartbeat, version and code locations, also to a viewer", async () => {
    const api = fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/agents": [
        agent(),
        agent({
          agentId: "vm-2",
          status: "down",
          version: "0.0.9",
          codeLocations: [
            {
              deployment: "staging",
              name: "broken",
              version: "7",
              state: "FAILED",
              snapshotHash: null,
              error: { className: "LoadError", message: "no CodeLocation in jar", stackTrace: "" },
            },
          ],
        }),
      ],
    });
    renderConsole("/orgs/acme/deployments/prod/settings/agents");

    const table = await screen.findByRole("table", { name: "Agents" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText("Up")).toBeTruthy();
    expect(within(rows[1]).getByText("0.1.0")).toBeTruthy();
    expect(rows[1].textContent).toContain("prod/seed");
    expect(rows[1].textContent).toContain("loaded");
    expect(within(rows[2]).getByText("Down")).toBeTruthy();
    expect(rows[2].textContent).toContain("LoadError: no CodeLocation in jar");
    expect(screen.queryByRole("heading", { name: /No agent connected/ })).toBeNull();
    expect(screen.getByText(/Agent tokens are managed by admins of Acme/)).toBeTruthy();
    expect(api.calls.some((c) => c.path.endsWith("/agent-tokens"))).toBe(false);
  });
});

function agent(overrides: Record<string, unknown> = {}) {
  return {
    agentId: "vm-1",
    tokenId: "a-1",
    version: "0.1.0",
    status: "up",
    firstSeenAt: "2026-11-21T09:00:00Z",
    lastSeenAt: "2026-11-21T10:00:00Z",
    codeLocations: [
      {
        deployment: "prod",
        name: "seed",
        version: "1",
        state: "LOADED",
        snapshotHash: "abc",
        error: null,
      },
    ],
    runs: [],
    ...overrides,
  };
}
