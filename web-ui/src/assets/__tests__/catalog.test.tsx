import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Call } from "../../testing/fakeApi";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";
import { asset, PROD, run, seedGraph } from "../../testing/fixtures";

function catalog(assets: (call: Call) => unknown) {
  return fakeApi({
    "GET /api/v1/me": meAs("viewer"),
    "GET /api/v1/orgs/acme/deployments": deployments,
    [`GET ${PROD}/assets`]: assets,
    [`GET ${PROD}/asset-graph`]: seedGraph(),
    [`GET ${PROD}/runs`]: { runs: [], nextCursor: null },
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

    await waitFor(() =>
      expect(api.calls.at(-1)?.query).toMatchObject({
        group: "reporting",
        kind: "duckdb",
        q: "ord",
        tag: "tier=gold",
        owner: "team:data",
      }),
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

  it("filters failed and running in the console (they come from runs), reading every page", async () => {
    const api = fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      [`GET ${PROD}/assets`]: (call: Call) =>
        call.query.cursor
          ? {
              items: [asset("sales_summary", { staleness: "MISSING" })],
              total: 2,
              nextCursor: null,
            }
          : { items: [asset("orders")], total: 2, nextCursor: "Mg" },
      [`GET ${PROD}/asset-graph`]: seedGraph(),
      [`GET ${PROD}/runs`]: {
        runs: [
          run({ selection: "sales_summary", assetKeys: ["sales_summary"], status: "STARTED" }),
        ],
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
});
