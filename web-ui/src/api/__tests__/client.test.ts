import { describe, expect, it, vi } from "vitest";
import {
  ApiError,
  apiRequest,
  fillPath,
  queryString,
  setUnauthenticatedHandler,
  signInPath,
} from "../client";
import { fakeApi, refusal } from "../../testing/fakeApi";
import { afterThisTest } from "../../testing/restore";

function catchUnauthenticated() {
  const handler = vi.fn();
  afterThisTest(setUnauthenticatedHandler(handler));
  return handler;
}

describe("apiRequest", () => {
  it("sends X-Materia-CSRF: 1 and the JSON body, with the session cookie", async () => {
    const api = fakeApi({
      "POST /api/v1/orgs/acme/deployments": { status: 201, body: { id: "d" } },
    });

    const created = await apiRequest("POST", "/api/v1/orgs/{org}/deployments", {
      params: { org: "acme" },
      body: { name: "staging" },
    });

    expect(created).toEqual({ id: "d" });
    const [, init] = api.fetch.mock.calls[0];
    expect(init?.credentials).toBe("same-origin");
    expect(api.calls[0].headers["X-Materia-CSRF"]).toBe("1");
    expect(api.calls[0].headers["Content-Type"]).toBe("application/json");
    expect(api.calls[0].body).toEqual({ name: "staging" });
  });

  it("sends the CSRF header on sign-in and sign-out too", async () => {
    const api = fakeApi({ "POST /api/v1/auth/logout": { status: 204 } });

    await expect(apiRequest("POST", "/api/v1/auth/logout")).resolves.toBeUndefined();

    expect(api.calls[0].headers["X-Materia-CSRF"]).toBe("1");
  });

  it("turns the error shape into an ApiError with code, message and field", async () => {
    fakeApi({
      "POST /api/v1/orgs/acme/deployments": refusal(
        400,
        "invalid",
        "name 'Bad Name' is not valid: use lower-case letters",
        "name",
      ),
    });

    const error = await apiRequest("POST", "/api/v1/orgs/{org}/deployments", {
      params: { org: "acme" },
      body: { name: "Bad Name" },
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid",
      field: "name",
      message: "name 'Bad Name' is not valid: use lower-case letters",
    });
  });

  it("reads an answer without the error shape as an ApiError naming the status", async () => {
    vi.stubGlobal("fetch", async () => new Response("<html>bad gateway</html>", { status: 502 }));

    const error = await apiRequest("GET", "/api/v1/me").catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 502, code: "http_502" });
  });

  it("reads a network failure as an ApiError that says the control plane did not answer", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });

    const error = await apiRequest("GET", "/api/v1/me").catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 0, code: "unreachable" });
    expect((error as Error).message).toContain("did not answer");
  });

  it("sends the user to sign-in on a 401, and still rejects the request", async () => {
    const unauthenticated = catchUnauthenticated();
    fakeApi({ "GET /api/v1/me": refusal(401, "session_expired", "the session expired") });

    await expect(apiRequest("GET", "/api/v1/me")).rejects.toMatchObject({ status: 401 });

    expect(unauthenticated).toHaveBeenCalledOnce();
    expect(unauthenticated.mock.calls[0][0]).toMatchObject({ code: "session_expired" });
  });

  it("leaves a 401 to the caller when the request opts out (a wrong password)", async () => {
    const unauthenticated = catchUnauthenticated();
    fakeApi({
      "POST /api/v1/auth/login": refusal(
        401,
        "invalid_credentials",
        "the email or password is wrong",
      ),
    });

    await expect(
      apiRequest("POST", "/api/v1/auth/login", { body: {}, redirectOn401: false }),
    ).rejects.toMatchObject({ code: "invalid_credentials" });

    expect(unauthenticated).not.toHaveBeenCalled();
  });
});

describe("fillPath", () => {
  it("URL-encodes each parameter", () => {
    expect(fillPath("/api/v1/orgs/{org}/tokens/{id}", { org: "a b", id: "x/y" })).toBe(
      "/api/v1/orgs/a%20b/tokens/x%2Fy",
    );
  });

  it("keeps the slashes of an asset key as path segments, encoding each segment", () => {
    expect(
      fillPath(
        "/api/v1/orgs/{org}/deployments/{deployment}/assets/{key}",
        {
          org: "acme",
          deployment: "prod",
          key: "sales/raw orders",
        },
        ["key"],
      ),
    ).toBe("/api/v1/orgs/acme/deployments/prod/assets/sales/raw%20orders");
  });

  it("leaves out unset query parameters", () => {
    expect(queryString({ q: "ord", group: undefined, owner: "", limit: 500 })).toBe(
      "?q=ord&limit=500",
    );
    expect(queryString({})).toBe("");
  });

  it("refuses a missing parameter instead of calling a wrong URL", () => {
    expect(() => fillPath("/api/v1/orgs/{org}", {})).toThrow("missing path parameter org");
  });
});

describe("signInPath", () => {
  it("remembers where the user was", () => {
    expect(signInPath("/orgs/acme/deployments/prod?x=1")).toBe(
      "/sign-in?next=%2Forgs%2Facme%2Fdeployments%2Fprod%3Fx%3D1",
    );
  });

  it("never sends sign-in back to itself, and says when a session ended", () => {
    expect(signInPath("/sign-in?next=%2F", true)).toBe("/sign-in?expired=1");
  });
});
