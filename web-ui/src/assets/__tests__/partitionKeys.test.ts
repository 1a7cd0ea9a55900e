import { describe, expect, it } from "vitest";
import type { PartitionsSnapshot } from "../../api/catalog";
import { MAX_LISTED, partitionKeys, rangeSize } from "../partitionKeys";

const definition = (overrides: Partial<PartitionsSnapshot>): PartitionsSnapshot => ({
  kind: "DAILY",
  description: "",
  start: "2024-01-01T00:00",
  end: null,
  timezone: "UTC",
  staticKeys: [],
  name: null,
  dimensions: [],
  ...overrides,
});

describe("partition keys", () => {
  it("lists daily windows that have ended, spelled as the runtime does", () => {
    expect(partitionKeys(definition({}), new Date("2024-01-04T12:00:00Z"))).toEqual([
      "2024-01-01",
      "2024-01-02",
      "2024-01-03",
    ]);
  });

  it("lists hourly windows with their hour", () => {
    expect(partitionKeys(definition({ kind: "HOURLY" }), new Date("2024-01-01T02:30:00Z"))).toEqual(
      ["2024-01-01-00:00", "2024-01-01-01:00"],
    );
  });

  it("stops at the definition's end and keeps only the newest ones of a long history", () => {
    const ended = definition({ end: "2024-01-03T00:00" });
    expect(partitionKeys(ended, new Date("2025-01-01T00:00:00Z"))).toEqual([
      "2024-01-01",
      "2024-01-02",
    ]);
    const long = partitionKeys(definition({ kind: "HOURLY" }), new Date("2026-01-01T00:00:00Z"))!;
    expect(long).toHaveLength(MAX_LISTED);
    expect(long[long.length - 1]).toBe("2025-12-31-23:00");
  });

  it("lists static keys and cannot list dynamic ones", () => {
    expect(
      partitionKeys(
        definition({ kind: "STATIC", start: null, timezone: null, staticKeys: ["us", "eu"] }),
        new Date(),
      ),
    ).toEqual(["us", "eu"]);
    expect(partitionKeys(definition({ kind: "DYNAMIC", start: null }), new Date())).toBeNull();
  });

  it("sizes a range by the definition, older than the listed keys too", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const daily = definition({});
    expect(partitionKeys(daily, now)![0] > "2024-01-03").toBe(true);
    expect(rangeSize(daily, "2024-01-01", "2024-01-03", now)).toBe(3);
    expect(rangeSize(daily, "2024-01-01", "2026-11-20", now)).toBe(1055);
    expect(rangeSize(daily, "2024-01-03", "2024-01-01", now)).toBeNull();
    expect(rangeSize(daily, "2023-12-31", "2024-01-01", now)).toBeNull();
    expect(rangeSize(daily, "2024-01-01", "2026-11-21", now)).toBeNull();
    expect(rangeSize(daily, "2024-1-1", "2024-01-02", now)).toBeNull();
    const hourly = definition({ kind: "HOURLY" });
    expect(rangeSize(hourly, "2024-01-01-00:00", "2024-01-02-01:00", now)).toBe(26);
    const weekly = definition({ kind: "WEEKLY" });
    expect(rangeSize(weekly, "2024-01-01", "2024-01-15", now)).toBe(3);
    expect(rangeSize(weekly, "2024-01-02", "2024-01-15", now)).toBeNull();
    const monthly = definition({ kind: "MONTHLY" });
    expect(rangeSize(monthly, "2024-01-01", "2025-01-01", now)).toBe(13);
    const regions = definition({ kind: "STATIC", start: null, staticKeys: ["us", "eu", "apac"] });
    expect(rangeSize(regions, "eu", "apac", now)).toBe(2);
    expect(rangeSize(regions, "apac", "us", now)).toBeNull();
    const dynamic = definition({ kind: "DYNAMIC", start: null });
    expect(rangeSize(dynamic, "a", "b", now, ["a", "b"])).toBe(2);
  });
});
