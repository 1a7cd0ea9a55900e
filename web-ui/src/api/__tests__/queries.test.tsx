import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { run } from "../../testing/fixtures";
import { useRefreshWhenRunsEnd } from "../queries";

function setup() {
  const client = new QueryClient();
  const invalidate = vi.spyOn(client, "invalidateQueries");
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const hook = renderHook(({ runs }) => useRefreshWhenRunsEnd("acme", "prod", runs), {
    wrapper,
    initialProps: { runs: [run({ id: "r1", status: "STARTED" })] },
  });
  return { invalidate, ...hook };
}

describe("useRefreshWhenRunsEnd", () => {
  it("reads the deployment's asset data again when a run it saw in flight has ended", () => {
    const { invalidate, rerender } = setup();
    rerender({ runs: [run({ id: "r1", status: "STARTED" })] });
    expect(invalidate).not.toHaveBeenCalled();

    rerender({ runs: [run({ id: "r1", status: "SUCCESS" })] });
    const refreshed = invalidate.mock.calls.map(([filters]) => filters?.queryKey?.at(-1));
    expect(refreshed).toEqual([
      "asset-graph",
      "assets",
      "asset",
      "materializations",
      "partitions",
      "check-history",
    ]);
    expect(invalidate.mock.calls[0][0]?.queryKey).toEqual([
      "orgs",
      "acme",
      "deployments",
      "prod",
      "asset-graph",
    ]);
  });

  it("leaves the data alone for runs that were already over when first seen", () => {
    const { invalidate, rerender } = setup();
    rerender({
      runs: [run({ id: "r0", status: "FAILURE" }), run({ id: "r1", status: "STARTED" })],
    });
    expect(invalidate).not.toHaveBeenCalled();
  });
});
