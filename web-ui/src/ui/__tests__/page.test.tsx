import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import css from "../../app/app.css?raw";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";
import { PROD } from "../../testing/fixtures";

/** The declarations of the first rule whose selector list names `selector`. */
function ruleFor(selector: string): string | undefined {
  const rules = css.matchAll(/([^{}]+)\{([^}]*)\}/g);
  for (const [, selectors, body] of rules) {
    if (selectors.split(",").some((s) => s.trim() === selector)) return body;
  }
  return undefined;
}

describe("page title", () => {
  it("takes focus on arrival for screen readers, without a focus ring that stays on it", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      [`GET ${PROD}/runs`]: { runs: [], nextCursor: null },
    });
    renderConsole("/orgs/acme/deployments/prod/runs");
    const title = await screen.findByRole("heading", { level: 1, name: "Runs" });
    await waitFor(() => expect(document.activeElement).toBe(title));
    // Only script focuses it (it is out of the Tab order), so no ring is drawn, even when the
    // browser counts that focus as visible (after a keyboard navigation).
    expect(title.getAttribute("tabindex")).toBe("-1");
    expect(title.classList.contains("page-title")).toBe(true);
    expect(ruleFor(".page-title:focus-visible")).toMatch(/outline:\s*none/);
  });
});
