import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { assignableRoles } from "../MembersPage";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";

const members = [
  {
    userId: "u-1",
    email: "ada@example.com",
    name: "Ada",
    role: "admin",
    joinedAt: "2026-11-01T10:00:00Z",
  },
  {
    userId: "u-2",
    email: "bob@example.com",
    name: "Bob",
    role: "viewer",
    joinedAt: "2026-11-02T10:00:00Z",
  },
  {
    userId: "u-3",
    email: "cy@example.com",
    name: "Cy",
    role: "owner",
    joinedAt: "2026-11-03T10:00:00Z",
  },
];

function orgAs(role: string) {
  const me = meAs(role);
  return fakeApi({
    "GET /api/v1/me": me,
    "GET /api/v1/orgs/acme/deployments": deployments,
    "GET /api/v1/orgs/acme/members": members.map((m) => (m.userId === "u-1" ? { ...m, role } : m)),
    "GET /api/v1/orgs/acme/invitations": [],
    "GET /api/v1/orgs/acme/agent-tokens": [],
    "GET /api/v1/orgs/acme/agents": [],
    "GET /api/v1/orgs/acme/tokens": [],
    // An empty deployment: the server leaves the empty lists out.
    "GET /api/v1/orgs/acme/deployments/staging/asset-graph": {},
    "GET /api/v1/orgs/acme/deployments/staging/code-locations": [],
  });
}

describe("what each role sees", () => {
  it("a viewer sees members and deployments read-only", async () => {
    const api = orgAs("viewer");
    renderConsole("/orgs/acme/deployments/prod/settings/members");

    await screen.findByRole("cell", { name: "bob@example.com" });
    expect(screen.queryByRole("combobox")).toBeNull();
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Invite someone" })).toBeNull();
    expect(api.calls.some((c) => c.path.endsWith("/invitations"))).toBe(false);
  });

  it("a viewer who opens the Agents page is told admins manage agent tokens, and no token list is asked for", async () => {
    const api = orgAs("viewer");
    renderConsole("/orgs/acme/deployments/prod/settings/agents");

    await screen.findByText(/Agent tokens are managed by admins of Acme/);
    expect(api.calls.some((c) => c.path.endsWith("/agent-tokens"))).toBe(false);
  });

  it("a viewer cannot create or delete deployments", async () => {
    orgAs("viewer");
    renderConsole("/orgs/acme/deployments/prod/settings/deployments");

    await screen.findByRole("link", { name: "staging" });
    expect(screen.queryByRole("button", { name: /Delete/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Create deployment" })).toBeNull();
  });

  it("an admin deletes deployments other than prod, and creates them", async () => {
    orgAs("admin");
    renderConsole("/orgs/acme/deployments/prod/settings/deployments");

    await screen.findByRole("button", { name: "Delete staging" });
    expect(screen.queryByRole("button", { name: "Delete prod" })).toBeNull();
    expect(screen.getByText("prod cannot be deleted")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Create deployment" })).toBeTruthy();
  });

  it("an admin manages members below owner, invites without the owner role, and sees Agents", async () => {
    orgAs("admin");
    renderConsole("/orgs/acme/deployments/prod/settings/members");

    await screen.findByLabelText("Role of bob@example.com");
    expect(screen.queryByLabelText("Role of cy@example.com")).toBeNull();
    expect(screen.queryByLabelText("Role of ada@example.com")).toBeNull();
    expect(screen.getByRole("button", { name: "Remove Bob" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Remove Cy" })).toBeNull();
    const inviteRoles = within(screen.getByLabelText("Role")).getAllByRole("option");
    expect(inviteRoles.map((o) => o.textContent)).toEqual([
      "Viewer",
      "Launcher",
      "Editor",
      "Admin",
    ]);
    const nav = screen.getByRole("navigation", { name: "Console" });
    expect(within(nav).getByRole("link", { name: "Agents" })).toBeTruthy();
  });

  it("an owner may hand out every role, owner included", () => {
    expect(assignableRoles("owner")).toEqual(["viewer", "launcher", "editor", "admin", "owner"]);
    expect(assignableRoles("admin")).not.toContain("owner");
    expect(assignableRoles("editor")).toEqual([]);
  });

  it("reads roles in either case, as the wire and the OpenAPI document spell them differently", async () => {
    orgAs("ADMIN");
    renderConsole("/orgs/acme/deployments/prod/settings/members");

    await screen.findByLabelText("Role of bob@example.com");
    expect(screen.getByTitle("Your role in this organization").textContent).toBe("Admin");
  });
});

describe("the deployment home's empty state", () => {
  it("shows an admin how to install an agent, with a link to create its token", async () => {
    orgAs("admin");
    renderConsole("/orgs/acme/deployments/staging");

    await screen.findByRole("heading", { name: "No assets in staging yet" });
    expect(screen.getByLabelText("Commands to start an agent").textContent).toContain(
      "MATERIA_DEPLOYMENTS=staging",
    );
    expect(screen.getByRole("link", { name: "Create an agent token" }).getAttribute("href")).toBe(
      "/orgs/acme/deployments/staging/settings/agents",
    );
  });

  it("tells a viewer to ask an admin instead", async () => {
    orgAs("viewer");
    renderConsole("/orgs/acme/deployments/staging");

    await screen.findByRole("heading", { name: "No assets in staging yet" });
    expect(screen.getByText(/Installing an agent needs an admin of Acme/)).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Create an agent token" })).toBeNull();
  });
});
