import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { vi } from "vitest";
import { redirectToSignInOn401 } from "../app/console";
import { routes } from "../app/routes";
import { afterThisTest } from "./restore";

/** One request the fake control plane received. */
export interface Call {
  method: string;
  path: string;
  /** Query parameters of the URL. */
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; body?: unknown };
/** A fixed answer, or a function of the request. */
type Handler = ((call: Call) => unknown) | Reply | object | unknown[];

/**
 * A fake control plane behind `fetch`: routes are `"METHOD /path"`; a handler is (or returns) the
 * body (200) or `{ status, body }`. Unknown routes answer 404 in the API's error shape.
 */
export function fakeApi(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const call: Call = {
      method: init.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const handler = handlers[`${call.method} ${call.path}`];
    const reply: Reply = handler
      ? asReply(typeof handler === "function" ? handler(call) : handler)
      : { status: 404, body: { error: { code: "not_found", message: "no route", field: null } } };
    return new Response(
      reply.status === 204 || reply.body === undefined ? null : JSON.stringify(reply.body),
      { status: reply.status, headers: { "Content-Type": "application/json" } },
    );
  });
  vi.stubGlobal("fetch", fetchImpl);
  return { calls, fetch: fetchImpl };
}

function asReply(value: unknown): Reply {
  if (value && typeof value === "object" && "status" in value && typeof value.status === "number") {
    return value as Reply;
  }
  return value === undefined ? { status: 204 } : { status: 200, body: value };
}

/** The error shape, for handlers that refuse. */
export function refusal(
  status: number,
  code: string,
  message: string,
  field: string | null = null,
) {
  return { status, body: { error: { code, message, field } } };
}

/** A browser without the signed-in marker: a fresh visitor, or one whose session cookie is gone. */
export function signedOutBrowser() {
  document.cookie = "materia-signed-in=; path=/; max-age=0";
}

/** What the browser does with the server's marker when a sign-in succeeds. */
export function markSignedIn() {
  document.cookie = "materia-signed-in=1; path=/";
}

/** Renders the whole console at `path`, with a 401 sending to sign-in as in the browser. */
export function renderConsole(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  afterThisTest(redirectToSignInOn401(router, queryClient));
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient };
}

/** `/api/v1/me` for a member of organization `acme` with `role`. */
export function meAs(role: string) {
  return {
    user: { id: "u-1", email: "ada@example.com", name: "Ada" },
    organizations: [{ id: "o-1", slug: "acme", name: "Acme", role }],
  };
}

export const deployments = [
  { id: "d-1", name: "prod", createdAt: "2026-11-01T10:00:00Z" },
  { id: "d-2", name: "staging", createdAt: "2026-11-02T10:00:00Z" },
];
