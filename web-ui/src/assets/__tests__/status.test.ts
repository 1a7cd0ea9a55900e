import { describe, expect, it } from "vitest";
import { STATUS_COLOR, STATUS_LABEL, STATUSES, statusFromParam, statusParam } from "../status";

describe("asset status", () => {
  it("reads the catalog address's status words, and no other", () => {
    expect(STATUSES.map(statusParam)).toEqual([
      "failed",
      "running",
      "stale",
      "missing",
      "up_to_date",
    ]);
    expect(statusFromParam("up_to_date")).toBe("UP_TO_DATE");
    expect(statusFromParam("fresh")).toBeUndefined();
    expect(statusFromParam(null)).toBeUndefined();
  });

  it("gives every status its own color and a word", () => {
    const colors = STATUSES.map((s) => STATUS_COLOR[s]);
    expect(new Set(colors).size).toBe(STATUSES.length);
    expect(STATUSES.map((s) => STATUS_LABEL[s])).toEqual([
      "Failed",
      "Running",
      "Stale",
      "Never materialized",
      "Up to date",
    ]);
  });

  it("keeps white text readable on every status color (contrast at least 4.5:1)", () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const status of STATUSES) {
      const contrast = 1.05 / (luminance(STATUS_COLOR[status]) + 0.05);
      expect(contrast, status).toBeGreaterThanOrEqual(4.5);
    }
  });
});
