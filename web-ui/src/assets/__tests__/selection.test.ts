import { describe, expect, it } from "vitest";
import { largeGraph, node, run, seedGraph } from "../../testing/fixtures";
import { runVerdicts } from "../live";
import { indexGraph, selectionString, walk } from "../selection";

describe("walking the graph and naming a launch", () => {
  it("walks a 10,000-asset graph upstream without revisiting", () => {
    const g = largeGraph(10_000, 20);
    const index = indexGraph(g.nodes, g.edges);
    expect(walk(index, ["asset_9999"], "upstream").size).toBe(10_000);
    expect(walk(index, ["asset_9999"], "upstream", 1).size).toBe(4);
  });

  it("names a launch by its origin: *key, key*, or the keys", () => {
    expect(selectionString(["a", "b"], { kind: "upstream", root: "b" })).toBe("*b");
    expect(selectionString(["a", "b"], { kind: "downstream", root: "a" })).toBe("a*");
    expect(selectionString(new Set(["b", "a"]), { kind: "keys" })).toBe("a,b");
  });
});

describe("run verdicts", () => {
  it("marks assets of a run in flight as running, of a newer failure as failed", () => {
    const g = seedGraph();
    g.nodes[0] = node("raw_orders", { materializedAt: "2026-11-21T09:00:00Z" });
    const index = indexGraph(g.nodes, g.edges);
    const verdicts = runVerdicts(index, [
      run({
        id: "r3",
        selection: "sales_summary",
        assetKeys: ["sales_summary"],
        status: "STARTED",
      }),
      run({
        id: "r2",
        selection: "*sales_summary",
        assetKeys: ["raw_orders", "orders", "customers", "sales_summary"],
        status: "FAILURE",
        finishedAt: "2026-11-21T10:00:00Z",
      }),
    ]);
    expect(verdicts.get("sales_summary")).toBe("running");
    expect(verdicts.get("raw_orders")).toBe("failed");
    expect(verdicts.get("orders")).toBe("failed");
  });

  it("uses the keys the server resolved at launch, whatever the selection's syntax", () => {
    const g = seedGraph();
    const index = indexGraph(g.nodes, g.edges);
    // The graph carries no tags: only the server knows what tag: selects.
    const verdicts = runVerdicts(index, [
      run({ selection: "tag:tier=gold", assetKeys: ["customers", "orders"], status: "QUEUED" }),
    ]);
    expect([...verdicts.entries()].sort()).toEqual([
      ["customers", "running"],
      ["orders", "running"],
    ]);
  });

  it("lets the newest run decide, and ignores a failure older than the data", () => {
    const g = seedGraph();
    const index = indexGraph(g.nodes, g.edges);
    const verdicts = runVerdicts(index, [
      run({ id: "r2", selection: "orders", assetKeys: ["orders"], status: "SUCCESS" }),
      run({
        id: "r1",
        selection: "orders,raw_orders",
        assetKeys: ["raw_orders", "orders"],
        status: "FAILURE",
        finishedAt: "2026-11-19T10:00:00Z",
      }),
    ]);
    expect(verdicts.has("orders")).toBe(false);
    expect(verdicts.has("raw_orders")).toBe(false);
  });

  it("takes each asset's newest run from the server when the recent runs do not name it", () => {
    const g = seedGraph();
    g.nodes[0] = node("raw_orders", {
      materializedAt: "2026-11-20T10:00:00Z",
      latestRun: {
        runId: "r0",
        status: "FAILURE",
        createdAt: "2026-11-20T11:00:00Z",
        finishedAt: "2026-11-20T11:05:00Z",
      },
    });
    g.nodes[1] = node("orders", {
      latestRun: {
        runId: "r1",
        status: "STARTED",
        createdAt: "2026-11-20T12:00:00Z",
        finishedAt: null,
      },
    });
    const index = indexGraph(g.nodes, g.edges);
    const verdicts = runVerdicts(index, [
      run({ selection: "customers", assetKeys: ["customers"], status: "SUCCESS" }),
    ]);
    expect([...verdicts.entries()].sort()).toEqual([
      ["orders", "running"],
      ["raw_orders", "failed"],
    ]);
  });

  it("lets a polled run newer than the server's latestRun decide", () => {
    const g = seedGraph();
    g.nodes[1] = node("orders", {
      latestRun: {
        runId: "r1",
        status: "STARTED",
        createdAt: "2026-11-20T12:00:00Z",
        finishedAt: null,
      },
    });
    const index = indexGraph(g.nodes, g.edges);
    const done = runVerdicts(index, [
      run({
        id: "r1",
        selection: "orders",
        assetKeys: ["orders"],
        status: "SUCCESS",
        createdAt: "2026-11-20T12:00:00Z",
      }),
    ]);
    expect(done.has("orders")).toBe(false);
    const older = runVerdicts(index, [
      run({
        id: "r0",
        selection: "orders",
        assetKeys: ["orders"],
        status: "FAILURE",
        createdAt: "2026-11-19T12:00:00Z",
      }),
    ]);
    expect(older.get("orders")).toBe("running");
  });
});
