import {
  normalizeAssetDetail,
  normalizeAssetPage,
  normalizeGraph,
  normalizeMaterializationPage,
  type AssetDetail,
  type AssetGraph,
  type AssetPage,
  type CheckHistory,
  type CodeLocation,
  type MaterializationPage,
  type AssetPartitionKeys,
  type PartitionPage,
} from "./catalog";
import { apiRequest, mayBeSignedIn, notSignedIn } from "./client";
import type {
  Account,
  AgentView,
  CreateAgentToken,
  CreatedToken,
  CreateUserToken,
  Deployment,
  Invitation,
  LaunchRequest,
  Me,
  Member,
  RoleName,
  Run,
  RunEventPage,
  RunPage,
  TokenView,
} from "./model";

/** Filters of the asset catalog (`GET .../assets`). */
export interface CatalogFilters {
  q?: string;
  group?: string;
  owner?: string;
  kind?: string;
  /** `key=value`, or `key` for any value */
  tag?: string;
  /** `up_to_date`, `stale` or `missing` */
  status?: string;
}

/** Filters of the run list (`GET .../runs`). */
export interface RunFilters {
  /** one status or several, comma-separated */
  status?: string;
  /** `key=value` */
  tag?: string;
}

/** The control plane's routes the console uses, one function each. */
export const api = {
  login: (email: string, password: string) =>
    apiRequest<{ user: Account }>("POST", "/api/v1/auth/login", {
      body: { email, password },
      redirectOn401: false,
    }),
  logout: () => apiRequest<void>("POST", "/api/v1/auth/logout", { redirectOn401: false }),
  acceptInvitation: (token: string, name?: string, password?: string) =>
    apiRequest<Me>("POST", "/api/v1/auth/invitations/accept", {
      body: { token, name, password },
      redirectOn401: false,
    }),
  /** Who is signed in; without the signed-in marker, a 401 at once (no request). */
  me: (options: { redirectOn401?: boolean } = {}) =>
    mayBeSignedIn() ? apiRequest<Me>("GET", "/api/v1/me", options) : notSignedIn(options),

  deployments: (org: string) =>
    apiRequest<Deployment[]>("GET", "/api/v1/orgs/{org}/deployments", { params: { org } }),
  createDeployment: (org: string, name: string) =>
    apiRequest<Deployment>("POST", "/api/v1/orgs/{org}/deployments", {
      params: { org },
      body: { name },
    }),
  deleteDeployment: (org: string, deployment: string) =>
    apiRequest<void>("DELETE", "/api/v1/orgs/{org}/deployments/{deployment}", {
      params: { org, deployment },
    }),

  tokens: (org: string) =>
    apiRequest<TokenView[]>("GET", "/api/v1/orgs/{org}/tokens", { params: { org } }),
  createToken: (org: string, request: CreateUserToken) =>
    apiRequest<CreatedToken>("POST", "/api/v1/orgs/{org}/tokens", {
      params: { org },
      body: request,
    }),
  revokeToken: (org: string, id: string) =>
    apiRequest<void>("DELETE", "/api/v1/orgs/{org}/tokens/{id}", { params: { org, id } }),

  agents: (org: string) =>
    apiRequest<AgentView[]>("GET", "/api/v1/orgs/{org}/agents", { params: { org } }),
  agentTokens: (org: string) =>
    apiRequest<TokenView[]>("GET", "/api/v1/orgs/{org}/agent-tokens", { params: { org } }),
  createAgentToken: (org: string, request: CreateAgentToken) =>
    apiRequest<CreatedToken>("POST", "/api/v1/orgs/{org}/agent-tokens", {
      params: { org },
      body: request,
    }),
  revokeAgentToken: (org: string, id: string) =>
    apiRequest<void>("DELETE", "/api/v1/orgs/{org}/agent-tokens/{id}", { params: { org, id } }),

  members: (org: string) =>
    apiRequest<Member[]>("GET", "/api/v1/orgs/{org}/members", { params: { org } }),
  changeRole: (org: string, userId: string, role: RoleName) =>
    apiRequest<Member>("PATCH", "/api/v1/orgs/{org}/members/{userId}", {
      params: { org, userId },
      body: { role },
    }),
  removeMember: (org: string, userId: string) =>
    apiRequest<void>("DELETE", "/api/v1/orgs/{org}/members/{userId}", {
      params: { org, userId },
    }),
  invitations: (org: string) =>
    apiRequest<Invitation[]>("GET", "/api/v1/orgs/{org}/invitations", { params: { org } }),
  invite: (org: string, email: string, role: RoleName) =>
    apiRequest<Invitation>("POST", "/api/v1/orgs/{org}/invitations", {
      params: { org },
      body: { email, role },
    }),
  revokeInvitation: (org: string, id: string) =>
    apiRequest<void>("DELETE", "/api/v1/orgs/{org}/invitations/{id}", { params: { org, id } }),

  assets: (
    org: string,
    deployment: string,
    filters: CatalogFilters,
    cursor?: string,
    limit = 500,
  ) =>
    apiRequest<AssetPage>("GET", "/api/v1/orgs/{org}/deployments/{deployment}/assets", {
      params: { org, deployment },
      query: { ...filters, cursor, limit },
    }).then(normalizeAssetPage),
  asset: (org: string, deployment: string, key: string) =>
    apiRequest<AssetDetail>("GET", "/api/v1/orgs/{org}/deployments/{deployment}/assets/{key}", {
      params: { org, deployment, key },
      keepSlashes: ["key"],
    }).then(normalizeAssetDetail),
  materializations: (
    org: string,
    deployment: string,
    key: string,
    options: { partition?: string; cursor?: string; limit?: number } = {},
  ) =>
    apiRequest<MaterializationPage>(
      "GET",
      "/api/v1/orgs/{org}/deployments/{deployment}/asset-materializations/{key}",
      { params: { org, deployment, key }, keepSlashes: ["key"], query: options },
    ).then(normalizeMaterializationPage),
  partitions: (org: string, deployment: string, key: string, cursor?: string) =>
    apiRequest<PartitionPage>(
      "GET",
      "/api/v1/orgs/{org}/deployments/{deployment}/asset-partitions/{key}",
      { params: { org, deployment, key }, keepSlashes: ["key"], query: { cursor, limit: 1000 } },
    ).then((page) => ({ ...page, items: page.items ?? [] })),
  /**
   * The newest 10,000 partition keys (the most the server lists; years of daily keys); with `first`
   * and `last`, also the size of that range.
   */
  partitionKeys: (
    org: string,
    deployment: string,
    key: string,
    range?: { first: string; last: string },
  ) =>
    apiRequest<AssetPartitionKeys>(
      "GET",
      "/api/v1/orgs/{org}/deployments/{deployment}/asset-partition-keys/{key}",
      {
        params: { org, deployment, key },
        keepSlashes: ["key"],
        query: { limit: 10_000, first: range?.first, last: range?.last },
      },
    ),
  checkHistory: (org: string, deployment: string, key: string) =>
    apiRequest<CheckHistory>(
      "GET",
      "/api/v1/orgs/{org}/deployments/{deployment}/asset-check-history/{key}",
      { params: { org, deployment, key }, keepSlashes: ["key"], query: { limit: 1000 } },
    ),
  assetGraph: (org: string, deployment: string) =>
    apiRequest<AssetGraph>("GET", "/api/v1/orgs/{org}/deployments/{deployment}/asset-graph", {
      params: { org, deployment },
    }).then(normalizeGraph),
  codeLocations: (org: string, deployment: string) =>
    apiRequest<CodeLocation[]>(
      "GET",
      "/api/v1/orgs/{org}/deployments/{deployment}/code-locations",
      {
        params: { org, deployment },
      },
    ),

  runs: (org: string, deployment: string, filters: RunFilters = {}, cursor?: string, limit = 50) =>
    apiRequest<RunPage>("GET", "/api/v1/orgs/{org}/deployments/{deployment}/runs", {
      params: { org, deployment },
      query: { ...filters, cursor, limit },
    }),
  run: (org: string, deployment: string, id: string) =>
    apiRequest<Run>("GET", "/api/v1/orgs/{org}/deployments/{deployment}/runs/{id}", {
      params: { org, deployment, id },
    }),
  launchRun: (org: string, deployment: string, request: LaunchRequest) =>
    apiRequest<Run>("POST", "/api/v1/orgs/{org}/deployments/{deployment}/runs", {
      params: { org, deployment },
      body: request,
    }),
  cancelRun: (org: string, deployment: string, id: string) =>
    apiRequest<Run>("POST", "/api/v1/orgs/{org}/deployments/{deployment}/runs/{id}/cancel", {
      params: { org, deployment, id },
    }),
  runEvents: (org: string, deployment: string, id: string, after: number) =>
    apiRequest<RunEventPage>(
      "GET",
      "/api/v1/orgs/{org}/deployments/{deployment}/runs/{id}/events",
      {
        params: { org, deployment, id },
        query: { after },
      },
    ),
};
