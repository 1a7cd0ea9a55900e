import { describe, expect, it } from "vitest";
import { launchRequest, NO_PARTITION } from "../launch";
import { suggestions, SUGGESTED } from "../PartitionPicker";

const target = (key: string, codeLocation = "seed", partitioned = false) => ({
  key,
  codeLocation,
  partitioned,
});

describe("launching", () => {
  it("launches the chosen keys as one run, named by how they were chosen", () => {
    expect(launchRequest([target("b"), target("a")], { kind: "keys" }, NO_PARTITION)).toEqual({
      selection: "a,b",
      codeLocation: "seed",
      tags: { trigger: "console" },
    });
    expect(
      launchRequest([target("a"), target("b")], { kind: "upstream", root: "b" }, NO_PARTITION),
    ).toEqual({ selection: "*b", codeLocation: "seed", tags: { trigger: "console" } });
  });

  it("launches keys across code locations as one run, which the server plans per location", () => {
    expect(
      launchRequest(
        [target("a"), target("b", "reports")],
        { kind: "downstream", root: "a" },
        NO_PARTITION,
      ),
    ).toEqual({ selection: "a*", tags: { trigger: "console" } });
  });

  it("sends one partition as partitionKey and a range as partitionRange with a backfill tag", () => {
    const one = launchRequest(
      [target("d", "seed", true)],
      { kind: "keys" },
      {
        kind: "key",
        key: "2024-01-02",
      },
    );
    expect(one).toMatchObject({ partitionKey: "2024-01-02" });
    expect(one.partitionRange).toBeUndefined();
    const range = launchRequest(
      [target("d", "seed", true)],
      { kind: "keys" },
      {
        kind: "range",
        first: "2024-01-01",
        last: "2024-01-03",
      },
    );
    expect(range).toEqual({
      selection: "d",
      codeLocation: "seed",
      partitionRange: { first: "2024-01-01", last: "2024-01-03" },
      tags: { trigger: "console", backfill: "2024-01-01..2024-01-03" },
    });
  });

  it("suggests at most a page of matching keys, newest first, out of thousands", () => {
    const keys = Array.from({ length: 1071 }, (_, i) => `k${String(i).padStart(4, "0")}`);
    expect(suggestions(keys, "")).toHaveLength(SUGGESTED);
    expect(suggestions(keys, "")[0]).toBe("k1070");
    expect(suggestions(keys, "k000")).toEqual([
      "k0009",
      "k0008",
      "k0007",
      "k0006",
      "k0005",
      "k0004",
      "k0003",
      "k0002",
      "k0001",
      "k0000",
    ]);
  });
});
