import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { invitationToken } from "../AcceptInvitationPage";
import { safeNext } from "../SignInPage";
import { deployments, fakeApi, meAs, refusal, renderConsole } from "../../testing/fakeApi";

const TOKEN = "mti_abcdefghijklmnopqrstuvwxyz0123ABCDEF";

describe("accepting an invitation", () => {
  it("creates the invitee's account with the code from the link, then opens the organization", async () => {
    let joined = false;
    const api = fakeApi({
      "GET /api/v1/me": () =>
        joined ? meAs("editor") : refusal(401, "unauthenticated", "not signed in"),
      "POST /api/v1/auth/invitations/accept": () => {
        joined = true;
        return meAs("editor");
      },
      "GET /api/v1/orgs/acme/deployments": deployments,
    });
    const { router } = renderConsole(`/invitations/accept#token=${TOKEN}`);

    await userEvent.type(await screen.findByLabelText("Your name"), "Ada");
    await userEvent.type(screen.getByLabelText("Password"), "long enough password");
    await userEvent.click(screen.getByRole("button", { name: "Create account and join" }));

    await screen.findByText("Deployment in Acme");
    expect(router.state.location.pathname).toBe("/orgs/acme/deployments/prod");
    const accept = api.calls.find((c) => c.path === "/api/v1/auth/invitations/accept")!;
    expect(accept.body).toEqual({ token: TOKEN, name: "Ada", password: "long enough password" });
    expect(accept.headers["X-Materia-CSRF"]).toBe("1");
  });

  it("joins with the signed-in account without asking for a password", async () => {
    const api = fakeApi({
      "GET /api/v1/me": meAs("owner"),
      "POST /api/v1/auth/invitations/accept": () => meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
    });
    renderConsole(`/invitations/accept#token=${TOKEN}`);

    await screen.findByText("ada@example.com");
    expect(screen.queryByLabelText("Password")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Join the organization" }));

    await screen.findByText("Deployment in Acme");
    expect(api.calls.find((c) => c.method === "POST")!.body).toEqual({ token: TOKEN });
  });

  it("shows the server's reason when the invitation is no longer valid", async () => {
    fakeApi({
      "GET /api/v1/me": refusal(401, "unauthenticated", "not signed in"),
      "POST /api/v1/auth/invitations/accept": refusal(
        404,
        "not_found",
        "this invitation is unknown, used, revoked or expired; ask for a new one",
      ),
    });
    renderConsole(`/invitations/accept#token=${TOKEN}`);

    await userEvent.type(await screen.findByLabelText("Your name"), "Ada");
    await userEvent.type(screen.getByLabelText("Password"), "long enough password");
    await userEvent.click(screen.getByRole("button", { name: "Create account and join" }));

    expect((await screen.findByRole("alert")).textContent).toContain("ask for a new one");
  });

  it("explains a link without a code", async () => {
    fakeApi({});
    renderConsole("/invitations/accept");

    expect((await screen.findByRole("alert")).textContent).toContain("no invitation code");
  });

  it("reads the code from the fragment only", () => {
    expect(invitationToken(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(invitationToken("#other=1")).toBeNull();
    expect(invitationToken("")).toBeNull();
  });
});

describe("returning after sign-in", () => {
  it("follows only paths inside the console", () => {
    expect(safeNext("/orgs/acme/deployments/prod")).toBe("/orgs/acme/deployments/prod");
    expect(safeNext("//evil.example.com/x")).toBe("/");
    expect(safeNext("https://evil.example.com")).toBe("/");
    expect(safeNext("/sign-in?next=/")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
