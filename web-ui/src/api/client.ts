import type { paths } from "./schema";

/** The control plane's one error shape, thrown for every refused request. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A route of the API, as the OpenAPI document names it: a removed route fails the type check. */
export type ApiPath = keyof paths;

type Method = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestOptions {
  /** Values for the `{name}` segments of the path; each is URL-encoded. */
  params?: Record<string, string>;
  /**
   * Parameters whose value spans path segments and keeps its slashes (asset keys:
   * `…/assets/sales/raw_orders`); each segment is still encoded.
   */
  keepSlashes?: string[];
  /** Query parameters; undefined, null and empty values are left out. */
  query?: Record<string, string | number | null | undefined>;
  body?: unknown;
  /**
   * Whether a 401 sends the user to sign-in (the default). Sign-in itself and the pages that only
   * ask whether someone is signed in turn it off.
   */
  redirectOn401?: boolean;
}

/** Where a 401 sends the user; the app installs one that uses the router. */
export type UnauthenticatedHandler = (error: ApiError) => void;

let onUnauthenticated: UnauthenticatedHandler = () => {
  const here = window.location.pathname + window.location.search + window.location.hash;
  window.location.assign(signInPath(here, true));
};

/** Installs what a 401 does; returns a function that restores the previous handler. */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler): () => void {
  const previous = onUnauthenticated;
  onUnauthenticated = handler;
  return () => {
    onUnauthenticated = previous;
  };
}

/** The sign-in page's path, remembering `next` (where to return) unless it is sign-in itself. */
export function signInPath(next: string | null, expired = false): string {
  const query = new URLSearchParams();
  if (next && next.startsWith("/") && !next.startsWith("/sign-in")) {
    query.set("next", next);
  }
  if (expired) {
    query.set("expired", "1");
  }
  const search = query.toString();
  return search ? `/sign-in?${search}` : "/sign-in";
}

/**
 * Fills `{name}` segments of a route with URL-encoded values; the values of `keepSlashes` may span
 * segments (each segment encoded, the slashes kept).
 */
export function fillPath(
  path: string,
  params: Record<string, string> = {},
  keepSlashes: string[] = [],
): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`missing path parameter ${name} for ${path}`);
    }
    return keepSlashes.includes(name)
      ? value.split("/").map(encodeURIComponent).join("/")
      : encodeURIComponent(value);
  });
}

/** `?a=1&b=2` from the values that are set; "" when none is. */
export function queryString(query: RequestOptions["query"] = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * Whether the browser holds the server's readable marker `materia-signed-in=1` (`__Host-` prefixed
 * over HTTPS), which lives exactly as long as the HttpOnly session cookie script cannot see.
 */
export function mayBeSignedIn(): boolean {
  return /(?:^|;\s*)(?:__Host-)?materia-signed-in=1(?:;|$)/.test(document.cookie);
}

/**
 * Answers as a 401 would, without asking the server: nobody is signed in in this browser, so a
 * fresh visitor's sign-in page makes no failing request. A 401 redirect still goes to sign-in.
 */
export function notSignedIn(options: RequestOptions = {}): Promise<never> {
  const error = new ApiError(401, "unauthenticated", "You are not signed in.");
  if (options.redirectOn401 !== false) {
    onUnauthenticated(error);
  }
  return Promise.reject(error);
}

/**
 * Calls the control plane with the session cookie. Every request carries `X-Materia-CSRF: 1`
 * (the server requires it on state-changing ones); refusals become an {@link ApiError}.
 */
export async function apiRequest<T>(
  method: Method,
  path: ApiPath,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "X-Materia-CSRF": "1",
  };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(
      fillPath(path, options.params, options.keepSlashes) + queryString(options.query),
      {
        method,
        headers,
        credentials: "same-origin",
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      },
    );
  } catch (cause) {
    throw new ApiError(
      0,
      "unreachable",
      `The control plane did not answer (${String(cause)}). Check your connection and try again.`,
    );
  }
  if (response.ok) {
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const error = await readError(response);
  if (response.status === 401 && options.redirectOn401 !== false) {
    onUnauthenticated(error);
  }
  throw error;
}

async function readError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = null;
  }
  const detail = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)
    ?.error;
  if (detail && typeof detail.code === "string" && typeof detail.message === "string") {
    return new ApiError(
      response.status,
      detail.code,
      detail.message,
      typeof detail.field === "string" ? detail.field : null,
    );
  }
  return new ApiError(
    response.status,
    "http_" + response.status,
    `The control plane answered ${response.status} ${response.statusText}`.trim() + ".",
  );
}
