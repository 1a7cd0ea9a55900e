import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";
import { PROD, run, seedGraph } from "../../testing/fixtures";

describe("routes", () => {
  it("opens a lazily loaded page without React Router warning about a missing HydrateFallback", async () => {
    const warn = vi.spyOn(console, "warn");
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      [`GET ${PROD}/asset-graph`]: seedGraph(),
      [`GET ${PROD}/runs`]: { runs: [run({ status: "SUCCESS" })], nextCursor: null },
    });
    renderConsole("/orgs/acme/deployments/prod/lineage");
    await screen.findByText("4 assets and 3 dependencies in prod");
    const warnings = warn.mock.calls.map((args) => args.join(" "));
    expect(warnings.filter((w) => w.includes("HydrateFallback"))).toEqual([]);
  });
});
