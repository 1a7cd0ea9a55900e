import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";
import { PROD, seedGraph } from "../../testing/fixtures";

describe("deployment home", () => {
  it("sums up the assets by status and shows each code location's load", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      [`GET ${PROD}/asset-graph`]: seedGraph(),
      [`GET ${PROD}/code-locations`]: [
        {
          name: "seed",
          deployment: "prod",
          artifact: "/opt/seed.jar",
          version: "2026-11-21.1",
          status: "LOADED",
          snapshot: {
            contentHash: "sha256:1",
            uploadedAt: "2026-11-21T10:00:00Z",
            assetCount: 4,
            checkCount: 1,
          },
          createdAt: "2026-11-21T09:00:00Z",
          updatedAt: "2026-11-21T10:00:00Z",
        },
        {
          name: "reports",
          deployment: "prod",
          artifact: "/opt/reports.jar",
          version: "7",
          status: "FAILED",
          loadError: {
            className: "dev.materia.runtime.DefinitionsException",
            message: "asset orders is defined twice",
          },
          createdAt: "2026-11-21T09:00:00Z",
          updatedAt: "2026-11-21T10:00:00Z",
        },
      ],
    });
    renderConsole("/orgs/acme/deployments/prod");

    await screen.findByRole("heading", { name: "4 assets in 2 groups" });
    const stale = screen.getByRole("link", { name: "Stale" });
    expect(stale.getAttribute("href")).toBe("/orgs/acme/deployments/prod/assets?status=stale");
    expect(stale.closest("li")!.textContent).toBe("Stale: 1");
    const failed = screen.getByRole("rowheader", { name: "reports" }).closest("tr")!;
    expect(within(failed).getByText("Failed to load")).toBeTruthy();
    expect(within(failed).getByText(/asset orders is defined twice/)).toBeTruthy();
    const loaded = screen.getByRole("rowheader", { name: "seed" }).closest("tr")!;
    expect(within(loaded).getByText(/4 assets, 1 checks/)).toBeTruthy();
  });

  it("says when no agent is connected, and counts each asset by the server's status", async () => {
    const graph = seedGraph();
    // The server says customers (stale) failed: its word wins over the staleness.
    graph.nodes[2] = { ...graph.nodes[2], status: "FAILED" };
    // Its newest run failed, but the server says it is up to date (a downstream step failed).
    graph.nodes[1] = {
      ...graph.nodes[1],
      latestRun: {
        runId: "r-9",
        status: "FAILURE",
        createdAt: "2026-11-21T10:00:00Z",
        finishedAt: "2026-11-21T10:01:00Z",
      },
    };
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/agents": [],
      [`GET ${PROD}/asset-graph`]: graph,
      [`GET ${PROD}/code-locations`]: [],
    });
    renderConsole("/orgs/acme/deployments/prod");

    const notice = await screen.findByText(/No agent connected: runs stay queued/);
    expect(
      within(notice).getByRole("link", { name: "Here is how to install one" }).getAttribute("href"),
    ).toBe("/orgs/acme/deployments/prod/settings/agents");
    expect(screen.getByRole("link", { name: "Failed" }).closest("li")!.textContent).toBe(
      "Failed: 1",
    );
    expect(screen.getByRole("link", { name: "Up to date" }).closest("li")!.textContent).toBe(
      "Up to date: 2",
    );
    expect(screen.queryByRole("link", { name: "Stale" })).toBeNull();
  });
});
