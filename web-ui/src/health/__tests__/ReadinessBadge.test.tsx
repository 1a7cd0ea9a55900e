import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ReadinessBadge } from "../ReadinessBadge";
import { fetchReadiness } from "../readiness";

describe("ReadinessBadge", () => {
  it("says ready when every check is UP", async () => {
    render(<ReadinessBadge load={async () => ({ status: "UP", checks: { database: "UP" } })} />);
    expect(await screen.findByText("Control plane ready")).toBeTruthy();
  });

  it("lists the failing checks when the control plane is not ready", async () => {
    render(
      <ReadinessBadge
        load={async () => ({
          status: "DOWN",
          checks: { database: "UP", migrations: "2 migration(s) pending" },
        })}
      />,
    );
    expect(await screen.findByText("Control plane not ready")).toBeTruthy();
    expect(screen.getByText("migrations: 2 migration(s) pending")).toBeTruthy();
    expect(screen.queryByText(/database:/)).toBeNull();
  });
});

describe("fetchReadiness", () => {
  it("reads an unreachable control plane as DOWN instead of throwing", async () => {
    const failing = (() => Promise.reject(new Error("connection refused"))) as typeof fetch;
    const readiness = await fetchReadiness(failing);
    expect(readiness.status).toBe("DOWN");
    expect(readiness.checks.controlPlane).toContain("connection refused");
  });
});

describe("fetchReadiness, answered by something else", () => {
  it("reads an answer that is not a readiness report as DOWN", async () => {
    const notFound = (async () =>
      new Response(JSON.stringify({ error: { code: "not_found" } }), {
        status: 404,
      })) as typeof fetch;
    const readiness = await fetchReadiness(notFound);
    expect(readiness).toEqual({ status: "DOWN", checks: { controlPlane: "answered 404" } });
  });
});
