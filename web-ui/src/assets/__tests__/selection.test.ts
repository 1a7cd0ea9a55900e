import { describe, expect, it } from "vitest";
import { largeGraph } from "../../testing/fixtures";
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
