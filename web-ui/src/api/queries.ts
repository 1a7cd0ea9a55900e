import { useEffect, useRef } from "react";
import {
  QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { ApiError } from "./client";
import { api, type CatalogFilters, type RunFilters } from "./endpoints";
import type { Run } from "./model";

/** Query keys, one per resource, so a mutation invalidates exactly what it changed. */
export const keys = {
  me: ["me"] as const,
  deployments: (org: string) => ["orgs", org, "deployments"] as const,
  tokens: (org: string) => ["orgs", org, "tokens"] as const,
  agentTokens: (org: string) => ["orgs", org, "agent-tokens"] as const,
  agents: (org: string) => ["orgs", org, "agents"] as const,
  members: (org: string) => ["orgs", org, "members"] as const,
  invitations: (org: string) => ["orgs", org, "invitations"] as const,
  deployment: (org: string, deployment: string) =>
    ["orgs", org, "deployments", deployment] as const,
  assets: (org: string, deployment: string, filters: CatalogFilters) =>
    [...keys.deployment(org, deployment), "assets", filters] as const,
  asset: (org: string, deployment: string, key: string) =>
    [...keys.deployment(org, deployment), "asset", key] as const,
  materializations: (org: string, deployment: string, key: string) =>
    [...keys.deployment(org, deployment), "materializations", key] as const,
  assetGraph: (org: string, deployment: string) =>
    [...keys.deployment(org, deployment), "asset-graph"] as const,
  partitions: (org: string, deployment: string, key: string) =>
    [...keys.deployment(org, deployment), "partitions", key] as const,
  partitionKeys: (org: string, deployment: string, key: string) =>
    [...keys.deployment(org, deployment), "partition-keys", key] as const,
  checkHistory: (org: string, deployment: string, key: string) =>
    [...keys.deployment(org, deployment), "check-history", key] as const,
  runs: (org: string, deployment: string, filters?: RunFilters) =>
    filters
      ? ([...keys.deployment(org, deployment), "runs", filters] as const)
      : ([...keys.deployment(org, deployment), "runs"] as const),
  codeLocations: (org: string, deployment: string) =>
    [...keys.deployment(org, deployment), "code-locations"] as const,
  run: (org: string, deployment: string, id: string) =>
    [...keys.deployment(org, deployment), "run", id] as const,
};

/** How often live pages (graph colors, run lists, a running run) ask again. */
export const LIVE_INTERVAL_MS = 5_000;

/** Retries only what may pass on a second try: never a refusal (4xx). */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    return false;
  }
  return failures < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
}

export const useMe = () => useQuery({ queryKey: keys.me, queryFn: () => api.me() });

export const useDeployments = (org: string) =>
  useQuery({ queryKey: keys.deployments(org), queryFn: () => api.deployments(org) });

export const useTokens = (org: string) =>
  useQuery({ queryKey: keys.tokens(org), queryFn: () => api.tokens(org) });

export const useAgentTokens = (org: string, enabled = true) =>
  useQuery({ queryKey: keys.agentTokens(org), queryFn: () => api.agentTokens(org), enabled });

/** Every agent that sent a heartbeat, most recently seen first; refreshed while the page is open. */
export const useAgents = (org: string) =>
  useQuery({
    queryKey: keys.agents(org),
    queryFn: () => api.agents(org),
    refetchInterval: LIVE_INTERVAL_MS * 3,
  });

export const useMembers = (org: string) =>
  useQuery({ queryKey: keys.members(org), queryFn: () => api.members(org) });

export const useInvitations = (org: string, enabled = true) =>
  useQuery({ queryKey: keys.invitations(org), queryFn: () => api.invitations(org), enabled });

/** A mutation that refreshes the given query when it succeeds. */
export function useChange<A, R>(fn: (args: A) => Promise<R>, invalidates: readonly unknown[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: invalidates }),
  });
}

/** The catalog, a page of 500 at a time as the user scrolls; `total` counts every match. */
export const useAssets = (org: string, deployment: string, filters: CatalogFilters) =>
  useInfiniteQuery({
    queryKey: keys.assets(org, deployment, filters),
    queryFn: ({ pageParam }) => api.assets(org, deployment, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Pages only ever append; comparing 10,000 rows deeply on each page would stall a frame.
    structuralSharing: false,
  });

export const useAsset = (org: string, deployment: string, key: string) =>
  useQuery({
    queryKey: keys.asset(org, deployment, key),
    queryFn: () => api.asset(org, deployment, key),
  });

export const useMaterializations = (org: string, deployment: string, key: string) =>
  useQuery({
    queryKey: keys.materializations(org, deployment, key),
    queryFn: () => api.materializations(org, deployment, key, { limit: 1000 }),
  });

export const useAssetGraph = (org: string, deployment: string, live = true) =>
  useQuery({
    queryKey: keys.assetGraph(org, deployment),
    queryFn: () => api.assetGraph(org, deployment),
    refetchInterval: live ? LIVE_INTERVAL_MS * 3 : false,
  });

/** The newest runs, refreshed while the page is open. */
export const useRuns = (org: string, deployment: string, filters: RunFilters = {}, limit = 50) =>
  useQuery({
    queryKey: [...keys.runs(org, deployment, filters), limit],
    queryFn: () => api.runs(org, deployment, filters, undefined, limit),
    refetchInterval: LIVE_INTERVAL_MS,
  });

const TERMINAL = new Set(["SUCCESS", "FAILURE", "CANCELED"]);

export const isTerminal = (status: string) => TERMINAL.has(status);

/**
 * Reads the deployment's asset data again (graph, catalog, assets, materializations, partitions)
 * as soon as a run the polled list showed in flight has ended, so colors and staleness follow the
 * run instead of waiting for their own, slower refresh.
 */
export function useRefreshWhenRunsEnd(org: string, deployment: string, runs: Run[] | undefined) {
  const client = useQueryClient();
  const inFlight = useRef<Set<string>>(new Set());
  useEffect(() => {
    if (!runs) return;
    const ended = runs.some((r) => inFlight.current.has(r.id) && isTerminal(r.status));
    inFlight.current = new Set(runs.filter((r) => !isTerminal(r.status)).map((r) => r.id));
    if (!ended) return;
    const scope = keys.deployment(org, deployment);
    const parts = [
      "asset-graph",
      "assets",
      "asset",
      "materializations",
      "partitions",
      "check-history",
    ];
    for (const part of parts) {
      void client.invalidateQueries({ queryKey: [...scope, part] });
    }
  }, [runs, client, org, deployment]);
}

/** One run, refreshed until it has finished. */
export const useRun = (org: string, deployment: string, id: string) =>
  useQuery({
    queryKey: keys.run(org, deployment, id),
    queryFn: () => api.run(org, deployment, id),
    refetchInterval: (query) =>
      query.state.data && isTerminal(query.state.data.status) ? false : LIVE_INTERVAL_MS,
  });

export const useCodeLocations = (org: string, deployment: string) =>
  useQuery({
    queryKey: keys.codeLocations(org, deployment),
    queryFn: () => api.codeLocations(org, deployment),
    refetchInterval: LIVE_INTERVAL_MS * 3,
  });

/** An asset's check evaluations, newest first (from its 100 newest runs). */
export const useCheckHistory = (org: string, deployment: string, key: string, enabled: boolean) =>
  useQuery({
    queryKey: keys.checkHistory(org, deployment, key),
    queryFn: () => api.checkHistory(org, deployment, key),
    enabled,
  });

/** The partition keys that exist now, from the server, which computes them in their timezone. */
export const usePartitionKeys = (org: string, deployment: string, key: string) =>
  useQuery({
    queryKey: keys.partitionKeys(org, deployment, key),
    refetchInterval: LIVE_INTERVAL_MS * 3,
    queryFn: () => api.partitionKeys(org, deployment, key),
  });

/** How many partitions `first`…`last` holds, counted by the server; an error when it is no range. */
export const usePartitionRange = (
  org: string,
  deployment: string,
  key: string,
  first: string,
  last: string,
  enabled: boolean,
) =>
  useQuery({
    queryKey: [...keys.partitionKeys(org, deployment, key), "range", first, last],
    enabled,
    queryFn: () => api.partitionKeys(org, deployment, key, { first, last }),
  });

/** The partitions runs have touched, every page (at most 1,000 keys each), refreshed while open. */
export const usePartitions = (org: string, deployment: string, key: string, enabled: boolean) =>
  useQuery({
    queryKey: keys.partitions(org, deployment, key),
    enabled,
    refetchInterval: LIVE_INTERVAL_MS * 3,
    queryFn: async () => {
      const items = [];
      let cursor: string | undefined;
      do {
        const page = await api.partitions(org, deployment, key, cursor);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    },
  });
