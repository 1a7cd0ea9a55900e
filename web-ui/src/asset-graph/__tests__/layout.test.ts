import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { largeGraph, seedGraph } from "../../testing/fixtures";
import {
  ASSET_SIZE,
  COLLAPSE_ABOVE,
  edgesForLayout,
  FRAME_PADDING,
  frameId,
  GROUP_SIZE,
  groupId,
  handleLayout,
  initiallyExpanded,
  layoutRequest,
  perNodeBudget,
  toElkGraph,
  visibleGraph,
} from "../layout";

describe("visible graph", () => {
  it("shows every asset of an open group inside its frame, with their edges", () => {
    const visible = visibleGraph(seedGraph(), new Set(["sales", "reporting"]));
    expect(visible.nodes.map((n) => [n.id, n.kind, n.parent])).toEqual([
      [frameId("sales"), "frame", undefined],
      ["raw_orders", "asset", frameId("sales")],
      ["orders", "asset", frameId("sales")],
      ["customers", "asset", frameId("sales")],
      [frameId("reporting"), "frame", undefined],
      ["sales_summary", "asset", frameId("reporting")],
    ]);
    expect(visible.edges).toHaveLength(3);
  });

  it("folds a collapsed group into one box and merges its edges, counting them", () => {
    const visible = visibleGraph(seedGraph(), new Set(["reporting"]));
    expect(visible.nodes.map((n) => n.id)).toEqual([
      groupId("sales"),
      frameId("reporting"),
      "sales_summary",
    ]);
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
    expect(initiallyExpanded(largeGraph(COLLAPSE_ABOVE + 1, 5)).size).toBe(0);
  });

  it("draws 10,000 assets in 40 groups as 40 boxes when collapsed", () => {
    const visible = visibleGraph(largeGraph(10_000, 40), new Set());
    expect(visible.nodes).toHaveLength(40);
    expect(visible.edges.every((e) => e.source !== e.target)).toBe(true);
    expect(visible.edges.reduce((sum, e) => sum + e.count, 0)).toBeGreaterThan(0);
  });
});

describe("edges given to ELK", () => {
  const edge = (source: string, target: string, count = 1) => ({ source, target, count });

  it("keeps, per node, the edges spanning the fewest layers, then the heaviest", () => {
    // a → b → c; a → c and d → c both span two layers, d → c is the heavier.
    const edges = [edge("a", "b"), edge("b", "c"), edge("a", "c"), edge("d", "c", 5)];
    const kept = edgesForLayout(["a", "b", "c", "d"], edges, 2);
    expect(kept).toEqual([edge("a", "b"), edge("b", "c"), edge("d", "c", 5)]);
    expect(edgesForLayout(["a", "b", "c", "d"], edges, Infinity)).toHaveLength(4);
  });

  it("survives cycles (groups can depend on each other both ways)", () => {
    const kept = edgesForLayout(["x", "y"], [edge("x", "y"), edge("y", "x")], 1);
    expect(kept).toHaveLength(2);
  });

  it("budgets fewer edges per node as graphs grow or get dense", () => {
    expect(perNodeBudget(20, 30)).toBe(Infinity);
    // 20 groups that all read each other: 380 edges would take ELK seconds.
    expect(perNodeBudget(20, 380)).toBe(2);
    expect(perNodeBudget(200, 300)).toBe(2);
    expect(perNodeBudget(500, 600)).toBe(1);
  });
});

describe("layout worker message contract", () => {
  it("sizes boxes by kind, leaves frames to the worker, and builds a layered ELK graph", () => {
    const request = layoutRequest(7, visibleGraph(seedGraph(), new Set(["reporting"])));
    expect(request.id).toBe(7);
    expect(request.nodes).toEqual([
      { id: "group:sales", ...GROUP_SIZE },
      { id: "frame:reporting" },
      { id: "sales_summary", ...ASSET_SIZE, parent: "frame:reporting" },
    ]);
    const elk = toElkGraph([{ id: "a", ...ASSET_SIZE }], []);
    expect(elk.layoutOptions?.["elk.algorithm"]).toBe("layered");
    expect(elk.layoutOptions?.["elk.direction"]).toBe("RIGHT");
  });

  it("answers with the request's id, every box placed, frames sized around their assets", async () => {
    const request = layoutRequest(3, visibleGraph(seedGraph(), new Set(["sales", "reporting"])));
    const response = await handleLayout(new ELK(), request);
    if ("error" in response) throw new Error(response.error);
    expect(response.id).toBe(3);
    expect(Object.keys(response.positions).sort()).toEqual([
      "customers",
      "frame:reporting",
      "frame:sales",
      "orders",
      "raw_orders",
      "sales_summary",
    ]);
    const at = (id: string) => response.positions[id];
    // Upstream to the left, inside a group and across groups.
    expect(at("raw_orders").x).toBeLessThan(at("orders").x);
    expect(at("frame:sales").x).toBeLessThan(at("frame:reporting").x);
    // Each asset inside its frame.
    const frame = at("frame:sales");
    const size = response.sizes["frame:sales"];
    for (const key of ["raw_orders", "orders", "customers"]) {
      expect(at(key).x).toBeGreaterThanOrEqual(frame.x + FRAME_PADDING.side);
      expect(at(key).y).toBeGreaterThanOrEqual(frame.y + FRAME_PADDING.top);
      expect(at(key).x + ASSET_SIZE.width).toBeLessThanOrEqual(frame.x + size.width);
      expect(at(key).y + ASSET_SIZE.height).toBeLessThanOrEqual(frame.y + size.height);
    }
  });

  it("answers an ELK failure as an error with the request's id", async () => {
    const failing = { layout: () => Promise.reject(new Error("cycle in hierarchy")) };
    const response = await handleLayout(failing, layoutRequest(9, { nodes: [], edges: [] }));
    expect(response).toEqual({ id: 9, error: "cycle in hierarchy" });
  });
});
