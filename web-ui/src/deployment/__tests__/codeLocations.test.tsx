import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";
import { PROD, seedGraph } from "../../testing/fixtures";

const snapshot = {
  contentHash: "sha256:1",
  version: "1",
  uploadedAt: "2026-11-21T10:00:00Z",
  assetCount: 4,
  checkCount: 1,
};

describe("code locations panel", () => {
  it("shows the version that serves and the newer one the control plane refused, with why", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      [`GET ${PROD}/asset-graph`]: seedGraph(),
      [`GET ${PROD}/code-locations`]: [
        {
          name: "clash",
          deployment: "prod",
          artifact: "/opt/clash.jar",
          version: "2",
          status: "FAILED",
          servingVersion: "1",
          failedVersion: "2",
          loadError: {
            className: "SnapshotRefused",
            message:
              "asset raw_orders of code location clash is already defined by code location seed",
          },
          snapshot,
          createdAt: "2026-11-21T09:00:00Z",
          updatedAt: "2026-11-21T10:00:00Z",
        },
        {
          name: "fresh",
          deployment: "prod",
          artifact: "/opt/fresh.jar",
          version: "1",
          status: "FAILED",
          servingVersion: null,
          failedVersion: "1",
          loadError: { className: "dev.materia.runtime.DefinitionsException", message: "a cycle" },
          snapshot: null,
          createdAt: "2026-11-21T09:00:00Z",
          updatedAt: "2026-11-21T10:00:00Z",
        },
        {
          name: "seed",
          deployment: "prod",
          artifact: "/opt/seed.jar",
          version: "7",
          status: "LOADED",
          servingVersion: "7",
          failedVersion: null,
          loadError: null,
          snapshot: { ...snapshot, version: "7" },
          createdAt: "2026-11-21T09:00:00Z",
          updatedAt: "2026-11-21T10:00:00Z",
        },
      ],
    });
    renderConsole("/orgs/acme/deployments/prod");

    const panel = await screen.findByRole("region", { name: "Code locations" });
    await within(panel).findByRole("rowheader", { name: "clash" });
    const header = within(panel)
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(header).toEqual(["Name", "Serving", "Newest version", "Snapshot"]);

    const clash = within(panel).getByRole("rowheader", { name: "clash" }).closest("tr")!;
    const [serving, newest] = within(clash).getAllByRole("cell");
    expect(serving.textContent).toBe("1");
    expect(newest.textContent).toContain("2 refused by the control plane");
    expect(newest.textContent).toContain("already defined by code location seed");
    expect(newest.textContent).not.toContain("SnapshotRefused");

    const fresh = within(panel).getByRole("rowheader", { name: "fresh" }).closest("tr")!;
    const [none, failed] = within(fresh).getAllByRole("cell");
    expect(none.textContent).toBe("none yet");
    expect(failed.textContent).toContain("1 Failed to load");
    expect(failed.textContent).toContain("a cycle");

    const seed = within(panel).getByRole("rowheader", { name: "seed" }).closest("tr")!;
    const [seedServing, seedNewest] = within(seed).getAllByRole("cell");
    expect(seedServing.textContent).toBe("7");
    expect(seedNewest.textContent).toBe("7 Loaded");
  });
});
