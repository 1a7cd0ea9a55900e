import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AssetGraph } from "../../api/catalog";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";
import { largeGraph, node, PROD, run, seedGraph } from "../../testing/fixtures";

function lineage(
  role: string,
  graph: AssetGraph,
  runs = [run({ status: "SUCCESS" })],
  more: Record<string, unknown> = {},
) {
  return fakeApi({
    ...more,
    "GET /api/v1/me": meAs(role),
    "GET /api/v1/orgs/acme/deployments": deployments,
    [`GET ${PROD}/asset-graph`]: graph,
    [`GET ${PROD}/runs`]: { runs, nextCursor: null },
    [`POST ${PROD}/runs`]: (call) => ({
      status: 201,
      body: run({
        id: "c3000000-0000-0000-0000-000000000003",
        selection: (call.body as { selection: string }).selection,
      }),
    }),
  });
}

const canvas = () => screen.getByTestId("lineage-canvas");
// Layouts run ELK in-thread under jsdom; on a loaded build machine that can take seconds.
const LAYOUT_WAIT = { timeout: 10_000 };
const laidOut = () =>
  waitFor(() => expect(canvas().getAttribute("data-layout")).toBe("ready"), LAYOUT_WAIT);
const panel = () => screen.getByRole("complementary", { name: "Selection" });

describe("lineage graph", () => {
  it("draws a small graph expanded, each asset with the server's status and why it is stale", async () => {
    const graph = seedGraph();
    graph.nodes[1] = { ...graph.nodes[1], status: "RUNNING" };
    graph.nodes[2] = { ...graph.nodes[2], stalenessCauses: ["code version 2 ≠ 1"] };
    // A run in flight that names raw_orders does not make it running: the server's status decides.
    lineage("viewer", graph, [
      run({ status: "STARTED", selection: "raw_orders", assetKeys: ["raw_orders"] }),
    ]);
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await screen.findByText("4 assets and 3 dependencies in prod");
    await laidOut();
    const node = (key: string) =>
      within(canvas())
        .getByRole("button", { name: new RegExp(`^${key},`), hidden: true })
        .closest("[data-status]")!;
    await waitFor(() => expect(node("orders").getAttribute("data-status")).toBe("running"));
    expect(node("customers").getAttribute("data-status")).toBe("stale");
    expect(node("sales_summary").getAttribute("data-status")).toBe("missing");
    expect(node("raw_orders").getAttribute("data-status")).toBe("up_to_date");
    const customers = within(canvas()).getByRole("button", { name: /^customers,/, hidden: true });
    expect(customers.title).toBe("customers: Stale (code version 2 ≠ 1)");
  });

  it("opens a large graph with its groups collapsed, and opens a group on demand", async () => {
    lineage("viewer", largeGraph(400, 4));
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await laidOut();
    // React Flow draws the laid-out nodes a render after the layout is ready.
    const groups = await within(canvas()).findAllByRole(
      "button",
      { name: /^Group group_\d, 100 assets: 100 up to date/, hidden: true },
      LAYOUT_WAIT,
    );
    expect(groups).toHaveLength(4);
    expect(within(canvas()).queryByRole("button", { name: /^asset_0,/, hidden: true })).toBeNull();

    await user.click(within(panel()).getByRole("button", { name: "▸ group_0" }));
    await laidOut();
    await waitFor(
      () =>
        expect(
          within(canvas()).getByRole("button", { name: /^asset_0,/, hidden: true }),
        ).toBeTruthy(),
      LAYOUT_WAIT,
    );
    expect(
      within(panel()).getByRole("button", { name: "▾ group_0" }).getAttribute("aria-expanded"),
    ).toBe("true");

    await user.click(
      within(canvas()).getByRole("button", { name: "Collapse group group_0", hidden: true }),
    );
    await laidOut();
    await waitFor(
      () =>
        expect(
          within(canvas()).queryByRole("button", { name: /^asset_0,/, hidden: true }),
        ).toBeNull(),
      LAYOUT_WAIT,
    );
    expect(
      within(panel()).getByRole("button", { name: "▸ group_0" }).getAttribute("aria-expanded"),
    ).toBe("false");
  }, 40_000);

  it("shows a found asset's detail, selects its upstream, and materializes the selection", async () => {
    const api = lineage("launcher", seedGraph());
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await laidOut();

    await user.type(screen.getByRole("combobox", { name: "Find asset" }), "sales_summary");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(within(panel()).getByRole("heading", { name: "sales_summary" })).toBeTruthy();
    expect(within(panel()).getByText("Never materialized")).toBeTruthy();
    expect(
      within(panel()).getByRole("link", { name: "Open asset details" }).getAttribute("href"),
    ).toBe("/orgs/acme/deployments/prod/assets/sales_summary");

    await user.click(within(panel()).getByRole("button", { name: "Select upstream" }));
    expect(within(panel()).getByRole("heading", { name: "4 assets selected" })).toBeTruthy();
    await user.click(within(panel()).getByRole("button", { name: "Materialize 4 assets" }));

    const launched = await within(panel()).findByRole("link", { name: "run c3000000" });
    expect(launched.getAttribute("href")).toBe(
      "/orgs/acme/deployments/prod/runs/c3000000-0000-0000-0000-000000000003",
    );
    const post = api.calls.find((c) => c.method === "POST")!;
    expect(post.body).toEqual({
      selection: "*sales_summary",
      codeLocation: "seed",
      tags: { trigger: "console" },
    });
  });

  it("selects downstream by clicking a node, and launches it as one run across code locations", async () => {
    const graph = seedGraph();
    graph.nodes[3] = { ...graph.nodes[3], codeLocation: "reports" };
    const api = lineage("launcher", graph);
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await laidOut();

    // React Flow renders nodes a frame after the layout lands, so wait for the node itself.
    await user.click(
      await within(canvas()).findByRole("button", { name: /^orders,/, hidden: true }),
    );
    expect(await within(panel()).findByRole("heading", { name: "orders" })).toBeTruthy();
    await user.click(await within(panel()).findByRole("button", { name: "Select downstream" }));
    await user.click(await within(panel()).findByRole("button", { name: "Materialize 2 assets" }));
    // One run: the server plans a selection spanning code locations per location.
    expect(await within(panel()).findAllByRole("link", { name: "run c3000000" })).toHaveLength(1);
    expect(api.calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
      { selection: "orders*", tags: { trigger: "console" } },
    ]);
  });

  it("lets a viewer look but not launch, and says a missing key is missing", async () => {
    lineage("viewer", seedGraph());
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await laidOut();
    await user.type(screen.getByRole("combobox", { name: "Find asset" }), "nope");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(screen.getByRole("alert").textContent).toBe("No asset has the key nope.");
    await user.clear(screen.getByRole("combobox", { name: "Find asset" }));
    await user.type(screen.getByRole("combobox", { name: "Find asset" }), "orders");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(within(panel()).getByText("Launching runs needs the launcher role.")).toBeTruthy();
    expect(within(panel()).queryByRole("button", { name: /Materialize/ })).toBeNull();
  });

  it("tells a newcomer how assets get here when the graph is empty", async () => {
    lineage("viewer", { nodes: [], edges: [] });
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await screen.findByRole("heading", { name: "No assets in prod yet" });
  });

  it("launches one partition of a partitioned asset picked in the panel", async () => {
    const graph = seedGraph();
    graph.nodes.push(node("daily_features", { partitioned: true, group: "features" }));
    const api = lineage("launcher", graph, [run({ status: "SUCCESS" })], {
      [`GET ${PROD}/asset-partition-keys/daily_features`]: {
        total: 3,
        keys: ["2024-01-01", "2024-01-02", "2024-01-03"],
        range: null,
      },
    });
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await laidOut();
    await user.type(screen.getByRole("combobox", { name: "Find asset" }), "daily_features");
    await user.click(screen.getByRole("button", { name: "Show" }));
    const launch = within(panel()).getByRole("form", { name: "Launch a run" });
    expect(
      within(launch).getByRole("button", { name: "Materialize it" }).hasAttribute("disabled"),
    ).toBe(true);
    await user.type(within(launch).getByRole("combobox", { name: "Partition" }), "2024-01-02");
    await user.click(within(launch).getByRole("button", { name: "Materialize it" }));
    await within(panel()).findByRole("link", { name: "run c3000000" });
    expect(api.calls.find((c) => c.method === "POST")!.body).toEqual({
      selection: "daily_features",
      codeLocation: "seed",
      partitionKey: "2024-01-02",
      tags: { trigger: "console" },
    });
  });
});
