import { QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";
import { api } from "./endpoints";

/** Query keys, one per resource, so a mutation invalidates exactly what it changed. */
export const keys = {
  me: ["me"] as const,
  deployments: (org: string) => ["orgs", org, "deployments"] as const,
  tokens: (org: string) => ["orgs", org, "tokens"] as const,
  agentTokens: (org: string) => ["orgs", org, "agent-tokens"] as const,
  members: (org: string) => ["orgs", org, "members"] as const,
  invitations: (org: string) => ["orgs", org, "invitations"] as const,
};

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
