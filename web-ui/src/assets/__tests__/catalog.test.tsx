import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Call } from "../../testing/fakeApi";
import { deployments, fakeApi, meAs, refusal, renderConsole } from "../../testing/fakeApi";
import { asset, PROD, run, seedGraph } from "../../testing/fixtures";

function catalog(assets: (call: Call) => unknown, role = "viewer", more = {}) {
  return fakeApi({
    "GET /api/v1/me": meAs(role),
    "GET /api/v1/orgs/acme/deployments": deployments,
    [`GET ${PROD}/assets`]: assets,
    [`GET ${PROD}/asset-graph`]: seedGraph(),
    [`GET ${PROD}/runs`]: { runs: [], nextCursor: null },
    ...more,
  });
}

// jsdom lays nothing out: give the catalog's scroll box the height of a laptop screen's table.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, "clientHeight")!;
beforeEach(() => {
  Object.defineProperty(Element.prototype, "clientHeight", {
    configurable: true,
    get(this: Element) {
      return this.getAttribute("data-testid") === "catalog-scroll" ? 600 : 0;
    },
  });
});
afterEach(() => {
  Object.defineProperty(Element.prototype, "clientHeight", clientHeight);
});

const rows = () => within(screen.getByRole("table", { name: "Assets" })).getAllByRole("row");

describe("asset catalog", () => {
  it("shows each asset with its status, last materialization, partitions health and checks", async () => {
    catalog(() => ({
      items: [
        asset("sales/raw_orders", {
          status: "FAILED",
          partitions: { kind: "DAILY", description: "daily" },
          partitionCounts: { total: 10, materialized: 7, failed: 1, inProgress: 0, missing: 2 },
          checks: [
            {
              name: "not_empty",
              blocking: true,
              description: "",
              passed: true,
              severity: "WARN",
              evaluatedAt: null,
              runId: null,
            },
            {
              name: "unique_ids",
              blocking: false,
              description: "",
              passed: false,
              severity: "ERROR",
              evaluatedAt: null,
              runId: null,
            },
          ],
        }),
        asset("sales/orders", { staleness: "STALE" }),
        asset("sales_summary", { staleness: "MISSING", latestMaterialization: null }),
      ],
      total: 3,
      nextCursor: null,
    }));
    renderConsole("/orgs/acme/deployments/prod/assets");

    const first = (
      await screen.findByRole("link", { name: "sales/raw_orders" })
    ).closest<HTMLElement>("[role=row]")!;
    expect(within(first).getByText("Failed")).toBeTruthy();
    expect(
      within(first).getByRole("img", { name: "7 of 10 partitions materialized, 1 failed" }),
    ).toBeTruthy();
    expect(within(first).getByText("1 passed")).toBeTruthy();
    expect(within(first).getByText("1 failed")).toBeTruthy();
    expect(within(first).getByRole("link", { name: /2026/ }).getAttribute("href")).toBe(
      "/orgs/acme/deployments/prod/runs/7a1c0000-0000-0000-0000-000000000001",
    );
    const stale = screen
      .getByRole("link", { name: "sales/orders" })
      .closest<HTMLElement>("[role=row]")!;
    expect(within(stale).getByText("Stale")).toBeTruthy();
    const missing = screen
      .getByRole("link", { name: "sales_summary" })
      .closest<HTMLElement>("[role=row]")!;
    expect(within(missing).getByText("Never materialized")).toBeTruthy();
    expect(within(missing).getByText("never")).toBeTruthy();
    expect(screen.getByRole("link", { name: "sales/raw_orders" }).getAttribute("href")).toBe(
      "/orgs/acme/deployments/prod/assets/sales/raw_orders",
    );
  });

  it("renders a window of rows, not 10,000, and asks for the next page as it scrolls", async () => {
    const api = catalog((call) => {
      const offset = call.query.cursor ? Number(atob(call.query.cursor)) : 0;
      const limit = Number(call.query.limit);
      const items = Array.from({ length: limit }, (_, i) =>
        asset(`asset_${String(offset + i).padStart(5, "0")}`),
      );
      return { items, total: 10_000, nextCursor: btoa(String(offset + limit)) };
    });
    renderConsole("/orgs/acme/deployments/prod/assets");

    await screen.findByRole("link", { name: "asset_00000" });
    expect(screen.getByText("10,000 assets in prod")).toBeTruthy();
    expect(screen.getByRole("table", { name: "Assets" }).getAttribute("aria-rowcount")).toBe(
      "10001",
    );
    expect(rows().length).toBeLessThan(60);
    expect(screen.queryByRole("link", { name: "asset_00400" })).toBeNull();
    const pages = () => api.calls.filter((c) => c.path === `${PROD}/assets`).length;
    expect(pages()).toBe(1);

    const scroller = screen.getByTestId("catalog-scroll");
    scroller.scrollTop = 52 * 480;
    fireEvent.scroll(scroller);
    await screen.findByRole("link", { name: "asset_00480" });
    expect(rows().length).toBeLessThan(60);
    await waitFor(() => expect(pages()).toBe(2));
    await screen.findByRole("link", { name: "asset_00500" });
  });

  it("sends search, group, kind, owner and tag to the API and keeps them in the address", async () => {
    const api = catalog(() => ({ items: [asset("orders")], total: 1, nextCursor: null }));
    const user = userEvent.setup();
    const { router } = renderConsole("/orgs/acme/deployments/prod/assets");
    await screen.findByRole("link", { name: "orders" });

    await user.selectOptions(screen.getByRole("combobox", { name: "Group" }), "reporting");
    await user.selectOptions(screen.getByRole("combobox", { name: "Kind" }), "duckdb");
    await user.type(screen.getByRole("searchbox", { name: "Search" }), "ord");
    await user.type(screen.getByRole("textbox", { name: "Tag" }), "tier=gold");
    await user.type(screen.getByRole("combobox", { name: "Owner" }), "team:data");

    // The newest catalog request (the runs list is polled alongside it).
    await waitFor(
      () =>
        expect(api.calls.filter((c) => c.path === `${PROD}/assets`).at(-1)?.query).toMatchObject({
          group: "reporting",
          kind: "duckdb",
          q: "ord",
          tag: "tier=gold",
          owner: "team:data",
        }),
      // Typing is debounced per field; a loaded build machine needs more than the default second.
      { timeout: 5000 },
    );
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get("group")).toBe("reporting");
    expect(params.get("q")).toBe("ord");

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(router.state.location.search).toBe(""));
  });

  it("asks the API for a staleness status, a page at a time", async () => {
    const api = catalog(() => ({
      items: [asset("b_stale", { staleness: "STALE" })],
      total: 1,
      nextCursor: null,
    }));
    renderConsole("/orgs/acme/deployments/prod/assets?status=stale");

    await screen.findByRole("link", { name: "b_stale" });
    expect(api.calls.filter((c) => c.path === `${PROD}/assets`).map((c) => c.query.status)).toEqual(
      ["stale"],
    );
  });

  it("filters failed and running by the server's status in the console, reading every page", async () => {
    const api = fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      [`GET ${PROD}/assets`]: (call: Call) =>
        call.query.cursor
          ? {
              items: [asset("sales_summary", { staleness: "MISSING", status: "RUNNING" })],
              total: 2,
              nextCursor: null,
            }
          : { items: [asset("orders")], total: 2, nextCursor: "Mg" },
      [`GET ${PROD}/asset-graph`]: seedGraph(),
      [`GET ${PROD}/runs`]: {
        // A run that names orders does not make it running: the server's status decides.
        runs: [run({ selection: "orders", assetKeys: ["orders"], status: "STARTED" })],
        nextCursor: null,
      },
    });
    renderConsole("/orgs/acme/deployments/prod/assets?status=running");

    await screen.findByRole("link", { name: "sales_summary" });
    expect(screen.queryByRole("link", { name: "orders" })).toBeNull();
    const pages = api.calls.filter((c) => c.path === `${PROD}/assets`);
    expect(pages).toHaveLength(2);
    expect(pages.every((c) => c.query.status === undefined)).toBe(true);
    expect(screen.getByText("1 asset match in prod")).toBeTruthy();
  });

  it("reads assets whose empty lists and maps the server left out", async () => {
    catalog(() => {
      const sparse: Record<string, unknown> = { ...asset("bare", { latestMaterialization: null }) };
      for (const name of ["owners", "tags", "kinds", "checks", "latestMaterialization"]) {
        delete sparse[name];
      }
      return { total: 1, items: [sparse] };
    });
    renderConsole("/orgs/acme/deployments/prod/assets");
    const row = (await screen.findByRole("link", { name: "bare" })).closest<HTMLElement>(
      "[role=row]",
    )!;
    expect(within(row).getByText("no checks")).toBeTruthy();
    expect(within(row).getByText("never")).toBeTruthy();
  });

  it("tells a newcomer how assets get here, and a filterer how to clear", async () => {
    catalog((call) => ({ items: [], total: 0, nextCursor: null, ...(call.query.q ? {} : {}) }));
    renderConsole("/orgs/acme/deployments/prod/assets");
    await screen.findByRole("heading", { name: "No assets in prod yet" });
    expect(screen.getByText(/code-locations/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Agents and how to install one" })).toBeTruthy();

    renderConsole("/orgs/acme/deployments/prod/assets?q=zzz");
    await screen.findByRole("heading", { name: "No asset matches these filters" });
  });

  it("shows the server's status, deriving none from partitions or runs, and why an asset is stale", async () => {
    catalog(() => ({
      items: [
        asset("orders", {
          partitionCounts: { total: 3, materialized: 2, failed: 1, inProgress: 0, missing: 0 },
          status: "UP_TO_DATE",
        }),
        asset("sales_summary", {
          staleness: "STALE",
          stalenessCauses: ["upstream orders has a newer data version", "code version 2 ≠ 1"],
        }),
      ],
      total: 2,
      nextCursor: null,
    }));
    renderConsole("/orgs/acme/deployments/prod/assets");
    const orders = (await screen.findByRole("link", { name: "orders" })).closest<HTMLElement>(
      "[role=row]",
    )!;
    expect(within(orders).getByText("Up to date")).toBeTruthy();
    const stale = screen
      .getByRole("link", { name: "sales_summary" })
      .closest<HTMLElement>("[role=row]")!;
    const badge = within(stale).getByText("Stale").closest<HTMLElement>(".status-badge")!;
    expect(badge.title).toBe("upstream orders has a newer data version; code version 2 ≠ 1");
    expect(
      within(stale).getByText("upstream orders has a newer data version, and 1 more"),
    ).toBeTruthy();
  });

  it("materializes the selected rows in one run and links it", async () => {
    const api = catalog(
      () => ({
        items: [asset("orders"), asset("raw_orders"), asset("sales_summary")],
        total: 3,
        nextCursor: null,
      }),
      "launcher",
      {
        [`POST ${PROD}/runs`]: {
          status: 201,
          body: run({ id: "f6000000-0000-0000-0000-000000000006" }),
        },
      },
    );
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/assets");
    await user.click(await screen.findByRole("checkbox", { name: "Select sales_summary" }));
    await user.click(screen.getByRole("checkbox", { name: "Select orders" }));
    await user.click(screen.getByRole("button", { name: "Materialize 2 selected" }));

    const link = await screen.findByRole("link", { name: "run f6000000" });
    expect(link.getAttribute("href")).toBe(
      "/orgs/acme/deployments/prod/runs/f6000000-0000-0000-0000-000000000006",
    );
    expect(api.calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
      { selection: "orders,sales_summary", codeLocation: "seed", tags: { trigger: "console" } },
    ]);
  });

  it("asks for a partition when a selected asset is partitioned, and shows a refusal beside it", async () => {
    const days = ["2024-01-01", "2024-01-02", "2024-01-03"];
    const api = catalog(
      () => ({
        items: [asset("daily", { partitions: { kind: "DAILY", description: "daily" } })],
        total: 1,
        nextCursor: null,
      }),
      "launcher",
      {
        [`GET ${PROD}/asset-partition-keys/daily`]: { total: 3, keys: days, range: null },
        [`POST ${PROD}/runs`]: refusal(
          400,
          "invalid_field",
          "asset daily has no partition 2024-01-09 (its last is 2024-01-03)",
          "partitionKey",
        ),
      },
    );
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/assets");
    await user.click(await screen.findByRole("checkbox", { name: "Select daily" }));
    const launch = screen.getByRole("form", { name: "Launch a run" });
    const field = within(launch).getByRole("combobox", { name: "Partition" });
    await user.type(field, "2024-01-09");
    await user.click(within(launch).getByRole("button", { name: "Materialize 1 selected" }));

    const alert = await within(launch).findByRole("alert");
    expect(alert.textContent).toBe(
      "asset daily has no partition 2024-01-09 (its last is 2024-01-03)",
    );
    expect(field.getAttribute("aria-describedby")).toBe(alert.id);
    expect(api.calls.find((c) => c.method === "POST")!.body).toEqual({
      selection: "daily",
      codeLocation: "seed",
      partitionKey: "2024-01-09",
      tags: { trigger: "console" },
    });
  });
});
