import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import {
  deployments,
  fakeApi,
  markSignedIn,
  meAs,
  refusal,
  renderConsole,
  signedOutBrowser,
} from "../../testing/fakeApi";

describe("the session", () => {
  it("sends a fresh visitor to sign-in without asking /api/v1/me, then back to the page", async () => {
    signedOutBrowser();
    const api = fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "POST /api/v1/auth/login": () => {
        markSignedIn();
        return { user: meAs("viewer").user };
      },
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/members": [],
    });
    const { router } = renderConsole("/orgs/acme/deployments/staging/settings/members");

    await screen.findByRole("heading", { name: "Sign in to Materia" });
    expect(router.state.location.search).toBe(
      "?next=%2Forgs%2Facme%2Fdeployments%2Fstaging%2Fsettings%2Fmembers",
    );
    expect(screen.queryByText(/session ended/)).toBeNull();
    expect(api.calls.filter((c) => c.path !== "/health/ready")).toEqual([]);
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    await screen.findByRole("heading", { level: 1, name: "Members" });
    expect(api.calls.map((c) => c.path)).toContain("/api/v1/me");
  });

  it("opens the console home for a fresh visitor on the sign-in page, asking nothing", async () => {
    signedOutBrowser();
    const api = fakeApi({ "GET /api/v1/me": meAs("viewer") });
    const { router } = renderConsole("/");

    await screen.findByRole("heading", { name: "Sign in to Materia" });
    expect(router.state.location.pathname).toBe("/sign-in");
    expect(api.calls.filter((c) => c.path !== "/health/ready")).toEqual([]);
  });

  it("sends a deep link without a session to sign-in, then back to that page", async () => {
    let signedIn = false;
    const api = fakeApi({
      "GET /api/v1/me": () =>
        signedIn ? meAs("viewer") : refusal(401, "unauthenticated", "not signed in"),
      "POST /api/v1/auth/login": () => {
        signedIn = true;
        return { user: meAs("viewer").user };
      },
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/members": [],
    });
    const { router } = renderConsole("/orgs/acme/deployments/staging/settings/members");

    await screen.findByRole("heading", { name: "Sign in to Materia" });
    expect(router.state.location.search).toBe(
      "?next=%2Forgs%2Facme%2Fdeployments%2Fstaging%2Fsettings%2Fmembers",
    );
    expect(screen.queryByText(/session ended/)).toBeNull();
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    await screen.findByRole("heading", { level: 1, name: "Members" });
    expect(router.state.location.pathname).toBe("/orgs/acme/deployments/staging/settings/members");
    const login = api.calls.find((c) => c.path === "/api/v1/auth/login")!;
    expect(login.body).toEqual({ email: "ada@example.com", password: "correct horse" });
    expect(login.headers["X-Materia-CSRF"]).toBe("1");
  });

  it("shows a wrong password on the sign-in page instead of redirecting", async () => {
    fakeApi({
      "POST /api/v1/auth/login": refusal(
        401,
        "invalid_credentials",
        "the email or password is wrong",
      ),
    });
    const { router } = renderConsole("/sign-in?next=%2Forgs%2Facme");

    await userEvent.type(await screen.findByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "nope nope nope");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveProperty(
      "textContent",
      "The email or password is wrong",
    );
    expect(router.state.location.search).toBe("?next=%2Forgs%2Facme");
  });

  it("says the session ended when a request is refused with 401 after signing in", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("owner"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/tokens": refusal(401, "session_expired", "the session expired"),
      "GET /api/v1/orgs/acme/members": [],
    });
    const { router } = renderConsole("/orgs/acme/deployments/prod/settings/tokens");

    await screen.findByText("Your session ended. Sign in again to continue where you were.");
    expect(router.state.location.pathname).toBe("/sign-in");
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe(
      "/orgs/acme/deployments/prod/settings/tokens",
    );
  });

  it("signs out: ends the session on the server and shows sign-in", async () => {
    const api = fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "POST /api/v1/auth/logout": { status: 204 },
    });
    const { router } = renderConsole("/orgs/acme/deployments/prod");

    await screen.findByRole("heading", { level: 1, name: "prod" });
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));

    await screen.findByText("You are signed out.");
    expect(router.state.location.pathname).toBe("/sign-in");
    const logout = api.calls.find((c) => c.path === "/api/v1/auth/logout")!;
    expect(logout.method).toBe("POST");
    expect(logout.headers["X-Materia-CSRF"]).toBe("1");
  });

  it("opens the first deployment of the first organization from /", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
    });
    const { router } = renderConsole("/");

    await screen.findByRole("heading", { level: 1, name: "prod" });
    expect(router.state.location.pathname).toBe("/orgs/acme/deployments/prod");
  });

  it("names an organization the user does not belong to", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/other/deployments": refusal(404, "not_found", "no organization other"),
    });
    renderConsole("/orgs/other/deployments/prod");

    await screen.findByRole("heading", { name: "Organization not found" });
    expect(screen.getByRole("link", { name: "Acme" }).getAttribute("href")).toBe("/orgs/acme");
  });
});

describe("the switcher", () => {
  it("lists the deployments and keeps the current page when switching", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
      "GET /api/v1/orgs/acme/members": [],
    });
    const { router } = renderConsole("/orgs/acme/deployments/prod/settings/members");
    const button = await screen.findByRole("button", { name: /switch organization or deployment/ });
    expect(button.getAttribute("aria-expanded")).toBe("false");

    await userEvent.click(button);
    const current = screen.getByRole("link", { name: "prod" });
    expect(current.getAttribute("aria-current")).toBe("page");
    await waitFor(() => expect(document.activeElement).toBe(current));
    await userEvent.click(screen.getByRole("link", { name: "staging" }));

    await waitFor(() =>
      expect(router.state.location.pathname).toBe(
        "/orgs/acme/deployments/staging/settings/members",
      ),
    );
    expect(screen.queryByRole("link", { name: "staging" })).toBeNull();
  });

  it("closes with Escape and gives focus back to its button", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
    });
    renderConsole("/orgs/acme/deployments/prod");
    const button = await screen.findByRole("button", { name: /switch organization or deployment/ });

    await userEvent.click(button);
    await userEvent.keyboard("{Escape}");

    expect(screen.queryByRole("navigation", { name: "Deployments" })).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
