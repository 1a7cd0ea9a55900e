import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { largeGraph, seedGraph } from "../../testing/fixtures";
import {
  ASSET_SIZE,
  COLLAPSE_ABOVE,
  GROUP_SIZE,
  groupId,
  handleLayout,
  initiallyExpanded,
  layoutRequest,
  toElkGraph,
  visibleGraph,
} from "../layout";

describe("visible graph", () => {
  it("shows every asset of expanded groups with their edges", () => {
    const graph = seedGraph();
    const visible = visibleGraph(graph, new Set(["sales", "reporting"]));
    expect(visible.nodes.map((n) => n.id).sort()).toEqual([
      "customers",
      "orders",
      "raw_orders",
      "sales_summary",
    ]);
    expect(visible.edges).toHaveLength(3);
  });

  it("folds a collapsed group into one box and merges its edges, counting them", () => {
    const graph = seedGraph();
    const visible = visibleGraph(graph, new Set(["reporting"]));
    expect(visible.nodes.map((n) => n.id)).toEqual([groupId("sales"), "sales_summary"]);
    expect(visible.nodes[0].keys.sort()).toEqual(["customers", "orders", "raw_orders"]);
    expect(visible.edges).toEqual([
      {
        id: "group:sales->sales_summary",
        source: "group:sales",
        target: "sales_summary",
        count: 2,
      },
    ]);
  });

  it("opens small graphs expanded and large ones collapsed", () => {
    expect(initiallyExpanded(seedGraph())).toEqual(new Set(["sales", "reporting"]));
    const large = largeGraph(COLLAPSE_ABOVE + 1, 5);
    expect(initiallyExpanded(large).size).toBe(0);
  });

  it("draws 10,000 assets in 40 groups as 40 boxes when collapsed", () => {
    const visible = visibleGraph(largeGraph(10_000, 40), new Set());
    expect(visible.nodes).toHaveLength(40);
    expect(visible.edges.every((e) => e.source !== e.target)).toBe(true);
    expect(visible.edges.reduce((sum, e) => sum + e.count, 0)).toBeGreaterThan(0);
  });
});

describe("layout worker message contract", () => {
  it("sizes boxes by kind and turns the request into an ELK graph", () => {
    const request = layoutRequest(7, visibleGraph(seedGraph(), new Set(["reporting"])));
    expect(request.id).toBe(7);
    expect(request.nodes).toEqual([
      { id: "group:sales", ...GROUP_SIZE },
      { id: "sales_summary", ...ASSET_SIZE },
    ]);
    const elk = toElkGraph(request);
    expect(elk.layoutOptions?.["elk.algorithm"]).toBe("layered");
    expect(elk.edges).toEqual([
      { id: "group:sales->sales_summary", sources: ["group:sales"], targets: ["sales_summary"] },
    ]);
  });

  it("answers with the request's id and a position for every box, upstream to the left", async () => {
    const request = layoutRequest(3, visibleGraph(seedGraph(), new Set(["sales", "reporting"])));
    const response = await handleLayout(new ELK(), request);
    if ("error" in response) throw new Error(response.error);
    expect(response.id).toBe(3);
    expect(Object.keys(response.positions).sort()).toEqual([
      "customers",
      "orders",
      "raw_orders",
      "sales_summary",
    ]);
    const x = (id: string) => response.positions[id].x;
    expect(x("raw_orders")).toBeLessThan(x("orders"));
    expect(x("orders")).toBeLessThan(x("sales_summary"));
  });

  it("answers an ELK failure as an error with the request's id", async () => {
    const failing = { layout: () => Promise.reject(new Error("cycle in hierarchy")) };
    const response = await handleLayout(failing, layoutRequest(9, { nodes: [], edges: [] }));
    expect(response).toEqual({ id: 9, error: "cycle in hierarchy" });
  });
});
